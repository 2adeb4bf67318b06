// The `vbrd` command as shipped (the bundled dist/src/cli/vbrd.js that `npm start` and the package's
// bin run): help, refusals with one line and exit code 2, and a serve that answers the official SDK,
// shuts down on SIGTERM and keeps what it acknowledged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_ROOT } from '../../src/config/server-config.js';
import { $Vpc, vpcClient } from '../support/harness.js';

const VBRD = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [VBRD, ...args], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, ...env } });

test('vbrd --help documents every serve flag with its environment variable', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  for (const s of ['--host', '--port', '--data', '--seed', 'VBRD_HOST', 'VBRD_PORT', 'VBRD_DATA', 'VBRD_SEED', 'VBRD_ACCESS_KEY_SECRET']) {
    assert.ok(r.stdout.includes(s), `help mentions ${s}`);
  }
});

test('refusals are one line on stderr and exit code 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-cli-'));
  const missing = run(['serve', '--port', '0', '--data', dir, '--seed', join(dir, 'absent.yaml')]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `vbrd: seed file ${join(dir, 'absent.yaml')}: not found\n`);
  const exposed = run(['serve', '--host', '0.0.0.0', '--port', '0', '--data', dir]);
  assert.equal(exposed.status, 2);
  assert.match(
    exposed.stderr,
    /^vbrd: refusing to listen on 0\.0\.0\.0 with development credentials: set VBRD_ACCOUNT_ID, VBRD_ACCESS_KEY_ID and VBRD_ACCESS_KEY_SECRET\n$/,
  );
  // A name is resolved, not read as an address: whatever it resolves to (or not), it is not 127.0.0.1.
  const named = run(['serve', '--host', '127.attacker.example', '--port', '0', '--data', dir]);
  assert.equal(named.status, 2, named.stderr);
  assert.match(named.stderr, /^vbrd: (cannot resolve --host 127\.attacker\.example|refusing to listen on 127\.attacker\.example)/);
  const unknown = run(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, 'vbrd: unknown command frobnicate (see vbrd --help)\n');
});

test('vbrd serve refuses a seed file with a misspelt section or a wrong type, naming each entry, before it starts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-cli-'));
  const seed = join(dir, 'seed.yaml');
  writeFileSync(seed, 'quotaz:\n  bgpPeersPerVbr: 3\nregions:\n  - regionId: cn-lab\n    ipv6: "no"\n');
  const r = run(['serve', '--port', '0', '--data', join(dir, 'data'), '--seed', seed]);
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    `vbrd: seed file ${seed} is not valid:\n` +
      '  quotaz: unknown key (known keys: $schema, accounts, resourceGroups, regions, quotas, timings)\n' +
      '  regions[0].ipv6: must be of type boolean, not "no"\n',
  );
  assert.equal(existsSync(join(dir, 'data')), false, 'nothing made before the seed was read');
});

test('vbrd seed-schema prints the published schema, schema/seed.schema.json', () => {
  const r = run(['seed-schema']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(fileURLToPath(new URL('../../../schema/seed.schema.json', import.meta.url)), 'utf8'));
  assert.equal(JSON.parse(r.stdout).title, 'vbrd seed file');
});

/** Start `vbrd serve` on a free port; resolves with its endpoint once it says where it serves. */
function serve(dataDir: string) {
  const child = spawn(process.execPath, [VBRD, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const endpoint = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /serving the VPC API on http:\/\/([^/\s]+)\//.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`vbrd serve exited (${code}): ${err}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, endpoint, exited };
}

test('vbrd serve answers the SDK, exits 0 on SIGTERM and on SIGINT, and a restart keeps what it acknowledged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-cli-'));
  const first = serve(dir);
  try {
    const vpc = vpcClient(await first.endpoint, DEV_ROOT.accessKeyId, DEV_ROOT.accessKeySecret);
    const health = await fetch(`http://${await first.endpoint}/_vbrd/health`);
    assert.equal(health.status, 200);
    await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: 'cn-hangzhou' }));
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
  } finally {
    first.child.kill('SIGKILL');
  }

  const second = serve(dir);
  try {
    const vpc = vpcClient(await second.endpoint, DEV_ROOT.accessKeyId, DEV_ROOT.accessKeySecret);
    const status = await vpc.getPhysicalConnectionServiceStatus(
      new $Vpc.GetPhysicalConnectionServiceStatusRequest({ regionId: 'cn-hangzhou' }),
    );
    assert.equal(status.body?.enabled, true);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
  } finally {
    second.child.kill('SIGKILL');
  }
});

test('a second vbrd serve on the same data directory is refused while the first runs, and starts once it is gone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-cli-'));
  const first = serve(dir);
  try {
    await first.endpoint;
    const refused = run(['serve', '--port', '0', '--data', dir]);
    assert.equal(refused.status, 2);
    assert.equal(refused.stderr, `vbrd: data directory ${dir} is in use by another vbrd (process ${first.child.pid})\n`);
    // vbrd audit only reads, and works beside the server.
    assert.equal(run(['audit', '--data', dir]).status, 0);
  } finally {
    first.child.kill('SIGKILL');
  }
  await first.exited;
  // Killed without a chance to clean up: the kernel dropped its lock, and the next server starts.
  const second = serve(dir);
  try {
    await second.endpoint;
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  } finally {
    second.child.kill('SIGKILL');
  }
});
