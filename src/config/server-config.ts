// Command-line flags and environment variables of `vbrd serve`, resolved into one configuration.
import type { Seed } from './seed.js';
import { loadSeed } from './seed.js';

export type RamMode = 'enforce' | 'soft' | 'off';
export type DataPlane = 'sim' | 'frr';

export interface RootAccount {
  accountId: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  seedFile?: string;
  databaseUrl?: string;
  ramMode: RamMode;
  dataPlane: DataPlane;
  /** Where the FRR data plane keeps its daemons' files, and how its namespaces are named. */
  frr: { runDir: string; namespacePrefix: string };
  /** How often BGP session state is read back in full (ms); absent: the data plane's default. */
  sessionReadbackMs?: number;
  /** Seconds of clock skew allowed on Timestamp / x-acs-date. */
  maxClockSkewSeconds: number;
  logLevel: string;
  /** Name of this node (leases, logs); defaults to host:port:pid. */
  nodeName: string;
  root: RootAccount;
  /** True when the root AccessKey is the built-in development one. */
  devCredentials: boolean;
  seed: Seed;
  /** The control API and metrics under /_vbrd/ (--control). */
  control: boolean;
  /** VBRD_ADMIN_TOKEN: the bearer token the control API demands (then from any address). */
  adminToken?: string;
  /** API requests the journal keeps (0: none). */
  journalSize: number;
  /** The web console at /console/ (--console, --no-console). */
  console: boolean;
  /** HTTPS with this PEM certificate (chain) and key, read at start and again on SIGHUP. */
  tls?: TlsFiles;
  /** --insecure-http: plain HTTP on an address other than loopback, asked for explicitly. */
  insecureHttp: boolean;
}

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** Development credentials, accepted only on loopback. Never use them for anything reachable. */
export const DEV_ROOT: RootAccount = {
  accountId: '1000000000000001',
  accessKeyId: 'LTAI5tVbrdDevelopmentKey',
  accessKeySecret: 'vbrd-development-secret-not-for-production',
};

/** A flag of `vbrd serve`; a switch takes no value (its variable: true or 1, false or 0). */
export const FLAGS: { flag: string; env: string; help: string; def?: string; isSwitch?: boolean }[] = [
  { flag: '--host', env: 'VBRD_HOST', def: '127.0.0.1', help: 'address to listen on' },
  { flag: '--port', env: 'VBRD_PORT', def: '8080', help: 'TCP port (0 picks a free one)' },
  { flag: '--data', env: 'VBRD_DATA', def: './.vbrd', help: 'embedded database directory (SQLite)' },
  { flag: '--seed', env: 'VBRD_SEED', help: 'seed file (JSON or YAML): accounts, regions, access points, quotas, timings' },
  { flag: '--database', env: 'VBRD_DATABASE_URL', help: 'postgres://… to share state between vbrd nodes instead of SQLite' },
  { flag: '--ram-mode', env: 'VBRD_RAM_MODE', def: 'enforce', help: 'RAM policy enforcement: enforce | soft (log, allow) | off' },
  { flag: '--data-plane', env: 'VBRD_DATA_PLANE', def: 'sim', help: 'sim (emulated) | frr (real BGP through FRR; needs root)' },
  {
    flag: '--frr-run-dir',
    env: 'VBRD_FRR_RUN_DIR',
    def: '/run/vbrd/frr',
    help: 'frr data plane: PID files, vty sockets and logs of its FRR daemons',
  },
  {
    flag: '--frr-namespace-prefix',
    env: 'VBRD_FRR_NAMESPACE_PREFIX',
    def: 'vbrd-',
    help: 'frr data plane: prefix of the network namespaces it makes',
  },
  {
    flag: '--session-readback-ms',
    env: 'VBRD_SESSION_READBACK_MS',
    help: 'how often BGP session state is read back in full; default 1000, or 10000 where FRR reports changes through BMP',
  },
  { flag: '--max-clock-skew', env: 'VBRD_MAX_CLOCK_SKEW', def: '900', help: 'seconds a request timestamp may be off' },
  { flag: '--log-level', env: 'VBRD_LOG_LEVEL', def: 'info', help: 'trace | debug | info | warn | error | silent' },
  { flag: '--node-name', env: 'VBRD_NODE_NAME', help: "this node's name in leases and logs" },
  {
    flag: '--control',
    env: 'VBRD_CONTROL',
    def: 'on',
    help: 'the control API and metrics under /_vbrd/: on (loopback callers, or any with VBRD_ADMIN_TOKEN) | off',
  },
  { flag: '--journal-size', env: 'VBRD_JOURNAL_SIZE', def: '1000', help: 'API requests the request journal keeps (0: none)' },
  { flag: '--console', env: 'VBRD_CONSOLE', def: 'on', help: 'the web console at /console/: on | off (--no-console: off)' },
  { flag: '--tls-cert', env: 'VBRD_TLS_CERT', help: 'serve HTTPS: PEM certificate file (chain), re-read on SIGHUP' },
  { flag: '--tls-key', env: 'VBRD_TLS_KEY', help: 'serve HTTPS: PEM private key file, re-read on SIGHUP' },
  {
    flag: '--insecure-http',
    env: 'VBRD_INSECURE_HTTP',
    isSwitch: true,
    help: 'allow plain HTTP on an address other than loopback (secrets cross the network readable)',
  },
];

/** Flags that stand for a flag with its value. */
export const SHORTHAND_FLAGS: Record<string, [string, string]> = { '--no-console': ['--console', 'off'] };

export class ConfigError extends Error {}

/** Resolve flags (taking precedence) and environment into a ServerConfig. */
export function resolveServerConfig(args: string[], env: NodeJS.ProcessEnv): ServerConfig {
  const given = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const short = SHORTHAND_FLAGS[a];
    if (short) {
      given.set(...short);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const spec = FLAGS.find((f) => f.flag === name);
    if (!spec) throw new ConfigError(`unknown option ${a} (see vbrd --help)`);
    if (spec.isSwitch && eq < 0) {
      given.set(name, 'true');
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new ConfigError(`${name} needs a value`);
    given.set(name, value);
  }
  const get = (flag: string): string | undefined => {
    const spec = FLAGS.find((f) => f.flag === flag)!;
    return given.get(flag) ?? (env[spec.env] || undefined) ?? spec.def;
  };
  const host = get('--host')!;
  const port = Number(get('--port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port ${get('--port')}`);
  const ramMode = get('--ram-mode') as RamMode;
  if (!['enforce', 'soft', 'off'].includes(ramMode)) throw new ConfigError(`--ram-mode must be enforce, soft or off`);
  const dataPlane = get('--data-plane') as DataPlane;
  if (!['sim', 'frr'].includes(dataPlane)) throw new ConfigError(`--data-plane must be sim or frr`);
  const skew = Number(get('--max-clock-skew'));
  if (!Number.isFinite(skew) || skew < 0) throw new ConfigError('--max-clock-skew must be a number of seconds');

  const id = env.VBRD_ACCOUNT_ID,
    ak = env.VBRD_ACCESS_KEY_ID,
    sk = env.VBRD_ACCESS_KEY_SECRET;
  let root: RootAccount;
  let devCredentials = false;
  if (id && ak && sk) {
    root = { accountId: id, accessKeyId: ak, accessKeySecret: sk };
  } else if (id || ak || sk) {
    throw new ConfigError('set all three of VBRD_ACCOUNT_ID, VBRD_ACCESS_KEY_ID and VBRD_ACCESS_KEY_SECRET, or none');
  } else {
    // Loopback only: checkListenHost (listen-guard.ts) resolves the host when the server starts.
    root = DEV_ROOT;
    devCredentials = true;
  }
  const control = get('--control')!;
  if (!['on', 'off'].includes(control)) throw new ConfigError('--control must be on or off');
  const consoleOn = get('--console')!;
  if (!['on', 'off'].includes(consoleOn)) throw new ConfigError('--console must be on or off');
  const journalSize = Number(get('--journal-size'));
  if (!Number.isInteger(journalSize) || journalSize < 0 || journalSize > 1_000_000)
    throw new ConfigError('--journal-size must be a whole number from 0 to 1000000');
  const adminToken = env.VBRD_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) throw new ConfigError('VBRD_ADMIN_TOKEN must be at least 16 characters');
  const seedFile = get('--seed');
  const certFile = get('--tls-cert'),
    keyFile = get('--tls-key');
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError('give both --tls-cert and --tls-key, or neither');
  const insecureHttp = switchValue('--insecure-http', get('--insecure-http'));
  const readback = get('--session-readback-ms');
  const sessionReadbackMs = readback === undefined ? undefined : Number(readback);
  if (
    sessionReadbackMs !== undefined &&
    !(Number.isInteger(sessionReadbackMs) && sessionReadbackMs >= 100 && sessionReadbackMs <= 3_600_000)
  )
    throw new ConfigError('--session-readback-ms must be a whole number of milliseconds from 100 to 3600000');
  return {
    host,
    port,
    dataDir: get('--data')!,
    seedFile,
    databaseUrl: get('--database'),
    ramMode,
    dataPlane,
    frr: { runDir: get('--frr-run-dir')!, namespacePrefix: get('--frr-namespace-prefix')! },
    ...(sessionReadbackMs !== undefined && { sessionReadbackMs }),
    maxClockSkewSeconds: skew,
    logLevel: get('--log-level')!,
    nodeName: get('--node-name') ?? `${host}:${port}:${process.pid}`,
    root,
    devCredentials,
    seed: loadSeed(seedFile),
    control: control === 'on',
    ...(adminToken !== undefined && { adminToken }),
    journalSize,
    console: consoleOn === 'on',
    ...(certFile !== undefined && keyFile !== undefined && { tls: { certFile, keyFile } }),
    insecureHttp,
  };
}

function switchValue(flag: string, value: string | undefined): boolean {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ConfigError(`${flag} takes no value (its environment variable: true or false)`);
}
