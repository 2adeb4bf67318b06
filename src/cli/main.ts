#!/usr/bin/env node
// The `vbrd` command.
import { ConfigError, DEV_ROOT, FLAGS, resolveServerConfig } from '../config/server-config.js';
import { SeedError } from '../config/seed.js';
import { DataDirInUseError } from '../store/sqlite/data-dir-in-use-error.js';
import { PrivateFileError } from '../util/private-files.js';
// Each command loads its own modules when it runs, so `serve` starts without the lab's or audit's.

const HELP = `vbrd — an open implementation of Alibaba Cloud Express Connect's VBR/BGP API (VPC 2016-04-28)

Usage:
  vbrd serve [options]     run the API server
  vbrd lab up|down         build or remove a local BGP lab (FRR as the VBR, BIRD as the customer; needs root)
                           (--state-dir DIR, default /tmp/vbrd-lab; lab up also --namespace NAME, the customer's
                           namespace, default vbrd-lab-cust1). lab up writes DIR/seed.yaml for
                           vbrd serve --data-plane frr --seed DIR/seed.yaml
  vbrd audit [filters]     list the audit trail (--data DIR | --database URL, --account ID --principal P --action A
                           --decision D --since ISO --until ISO --limit N --json)
  vbrd state export|import FILE   a running server's state (or --account ID's) to or from a JSON file
  vbrd reset [--account ID]       a running server's state, cleared (everything, or one account's)
  vbrd settle                     finish every pending timed change and BGP apply of a running server
                           (these three: --url URL, default http://127.0.0.1:8080 or VBRD_URL; VBRD_ADMIN_TOKEN
                           is sent as the bearer token when set; see docs/control-api.md)
  vbrd seed-schema         print the seed file's JSON Schema (for editors; docs/configuration.md)
  vbrd --help              this text

Options of serve (each also read from the environment variable shown):
${FLAGS.map((f) => `  ${(f.isSwitch ? f.flag : f.flag + ' VALUE').padEnd(22)} ${f.env.padEnd(20)} ${f.help}${f.def ? ` (default ${f.def})` : ''}`).join('\n')}

Root account (environment):
  VBRD_ACCOUNT_ID, VBRD_ACCESS_KEY_ID, VBRD_ACCESS_KEY_SECRET
  When unset and the server listens on loopback, development defaults apply and are printed at start-up:
  account ${DEV_ROOT.accountId}, AccessKeyId ${DEV_ROOT.accessKeyId}. On any other address vbrd refuses to start without them.

HTTPS: --tls-cert and --tls-key (PEM files) serve TLS; SIGHUP reads them again. An address other than loopback
needs TLS or --insecure-http.

Health: GET /_vbrd/health answers 200 once the server is ready. The control API (reset, snapshots, faults,
sessions, time, journal) and metrics are under /_vbrd/ too: loopback callers only, unless VBRD_ADMIN_TOKEN is
set (then any caller with that bearer token).
`;

async function serve(args: string[]): Promise<void> {
  const config = resolveServerConfig(args, process.env);
  const { startServer } = await import('../app.js');
  const vbrd = await startServer(config);
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    vbrd.log.info({ signal: sig }, 'shutting down');
    vbrd.close().then(
      () => process.exit(0),
      (e) => {
        vbrd.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A renewed certificate: new connections get it, open ones keep theirs. Unusable files leave the old pair serving.
  process.on('SIGHUP', () => {
    try {
      vbrd.reloadTls();
    } catch (e) {
      vbrd.log.error({ err: e }, 'TLS files not reloaded: the previous certificate stays in use');
    }
  });
  // Announced once a signal would shut it down cleanly: a supervisor may stop it as soon as it reads this.
  const endpoint = vbrd.url();
  if (config.devCredentials) {
    process.stderr.write(
      `vbrd: using DEVELOPMENT credentials (loopback only):\n  account ${config.root.accountId}\n  AccessKeyId ${config.root.accessKeyId}\n  AccessKeySecret ${config.root.accessKeySecret}\n`,
    );
  }
  process.stderr.write(
    `vbrd: serving the VPC API on ${vbrd.scheme}://${endpoint}/ (store ${vbrd.store.engine}, data plane ${config.dataPlane})\n`,
  );
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP);
      return;
    case 'serve':
      if (rest.includes('--help')) {
        process.stdout.write(HELP);
        return;
      }
      return serve(rest);
    case 'lab':
      if (rest.includes('--help')) {
        process.stdout.write(HELP);
        return;
      }
      await (await import('./lab-command.js')).labCommand(rest, (text) => process.stdout.write(text));
      return;
    case 'audit':
      if (rest.includes('--help')) {
        process.stdout.write(HELP);
        return;
      }
      await (await import('./audit-command.js')).auditCommand(rest, process.env, (line) => process.stdout.write(line + '\n'));
      return;
    case 'seed-schema':
      if (rest.includes('--help')) {
        process.stdout.write(HELP);
        return;
      }
      process.stdout.write((await import('../config/seed-schema.js')).seedSchemaText());
      return;
    case 'state':
    case 'reset':
    case 'settle':
      if (rest.includes('--help')) {
        process.stdout.write(HELP);
        return;
      }
      await (await import('./control-command.js')).controlCommand(cmd, rest, process.env, (line) => process.stdout.write(line + '\n'));
      return;
    default:
      throw new ConfigError(`unknown command ${cmd} (see vbrd --help)`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof SeedError || e instanceof DataDirInUseError || e instanceof PrivateFileError) {
    process.stderr.write(`vbrd: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`vbrd: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
