// vbrd as a package: `npm pack` ships only what runs, and the tarball installed into an empty directory
// (from the local npm cache, offline) gives a working `npx vbrd serve`, the library entry with its types,
// and `vbrd` on PATH after a global install. better-sqlite3's native addon is copied from this checkout
// instead of built: its install step would download a prebuilt binary or compile SQLite for minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_ROOT } from '../../src/config/server-config.js';
import { rawCall } from '../../src/library/rpc.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const npm = (args: string[], cwd: string) => {
  try {
    return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`npm ${args.join(' ')}: ${String((e as { stderr?: string }).stderr ?? e)}`, { cause: e });
  }
};

/** From the npm cache alone when it holds everything; else the cache first, then the registry. */
function install(args: string[], cwd: string): void {
  try {
    npm(['install', '--offline', ...args], cwd);
  } catch (e) {
    if (!/ENOTCACHED/.test(String(e))) throw e;
    console.log('# the npm cache lacks some of the dependencies: installing with --prefer-offline');
    npm(['install', '--prefer-offline', ...args], cwd);
  }
}

test('npm pack → npm install --offline into an empty directory → npx vbrd serve, the library and vbrd on PATH work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-pack-'));
  try {
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed!.files.map((f) => f.path);
    assert.ok(files.includes('dist/src/cli/vbrd.js') && files.includes('dist/types/src/library/index.d.ts'));
    assert.ok(
      ['app.js', 'app.css', 'index.html'].every((f) => files.includes(`dist/console/${f}`)),
      'the web console is shipped',
    );
    const shippedButNotRun = files.filter((f) => /\.test\.js$|\.map$|\.ts$/.test(f) && !f.endsWith('.d.ts'));
    assert.deepEqual(shippedButNotRun, [], 'no tests, sources or source maps');
    assert.ok(!files.some((f) => f.startsWith('dist/test/') || f.startsWith('dist/bench/') || f.startsWith('dist/examples/')));
    const tarball = join(dir, packed!.filename);

    const app = join(dir, 'app');
    cpSync(join(ROOT, 'test/package/fixture-app'), app, { recursive: true });
    install(['--ignore-scripts', '--no-audit', '--no-fund', tarball], app);
    cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), join(app, 'node_modules/better-sqlite3/build'), { recursive: true });
    // SDKs are for tests and examples: the package does not bring them.
    assert.ok(!existsSync(join(app, 'node_modules/@alicloud/vpc20160428')));

    // npx vbrd serve, on a free port, answers health and a signed call.
    const serve = spawn('npx', ['--no-install', 'vbrd', 'serve', '--port', '0', '--data', join(dir, 'data'), '--log-level', 'silent'], {
      cwd: app,
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: npx runs vbrd as a child, and both must stop.
      detached: true,
    });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let err = '';
        serve.stderr.on('data', (b: Buffer) => {
          err += b.toString();
          const m = /serving the VPC API on (http:\/\/[^/\s]+)\//.exec(err);
          if (m) resolve(m[1]!);
        });
        serve.on('exit', (code) => reject(new Error(`npx vbrd serve exited (${code}): ${err}`)));
      });
      assert.equal((await fetch(`${endpoint}/_vbrd/health`)).status, 200);
      const consolePage = await fetch(`${endpoint}/console/`);
      assert.equal(consolePage.status, 200, 'the installed package serves its console');
      assert.match(await consolePage.text(), /app\.js/);
      const regions = await rawCall(endpoint, DEV_ROOT, 'DescribeRegions');
      assert.equal(regions.status, 200);
    } finally {
      process.kill(-serve.pid!, 'SIGTERM');
      serve.stderr.destroy();
    }

    // The library, as `import { startVbrd } from 'vbrd'`, with its types beside it.
    const out = execFileSync(process.execPath, ['use-vbrd.mjs'], { cwd: app, encoding: 'utf8' });
    assert.match(out, /^fixture vbr-\S+ bgpg-\S+$/m);
    assert.ok(existsSync(join(app, 'node_modules/vbrd/dist/types/src/library/testing.d.ts')));

    // npm install -g puts vbrd on PATH (a prefix of our own stands in for the global one).
    const prefix = join(dir, 'global');
    install(['-g', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', tarball], dir);
    assert.match(execFileSync(join(prefix, 'bin/vbrd'), ['--help'], { encoding: 'utf8' }), /vbrd serve/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
