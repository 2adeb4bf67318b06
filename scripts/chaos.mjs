// `npm run chaos -- <suite> [args]`: the chaos suites at length. `npm test` runs a short round of each; this
// runs as many rounds as asked, in an order drawn from a seed, and the suite prints its figures. Without a
// name it lists them. `prechaos` (ensure-built.mjs) has built dist/ before this runs. The docs test imports
// CHAOS to check the suite names the docs mention.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url).pathname;

/**
 * @typedef {object} ChaosSuite
 * @property {string} name     what to type after `npm run chaos --`
 * @property {string} test     the compiled test file, relative to the repository root
 * @property {string} usage    arguments it takes
 * @property {(args: string[]) => Record<string, string>} env  how the arguments reach the test
 * @property {(args: string[]) => number} timeoutMs  how long the run may take
 * @property {string} does     one line: what it does and asserts
 * @property {string} takes    roughly how long a round lasts
 */

/** @type {readonly ChaosSuite[]} */
export const CHAOS = [
  {
    name: 'frr',
    test: 'dist/test/frr/chaos.test.js',
    usage: '[ROUNDS] [SEED]',
    env: ([rounds = '5', seed = String(Date.now() % 100_000)]) => ({ VBRD_CHAOS_ROUNDS: rounds, VBRD_CHAOS_SEED: seed }),
    timeoutMs: ([rounds = '5']) => (Number(rounds) || 5) * 240_000,
    does: 'kills zebra, bgpd, bfdd and vbrd (SIGKILL, SIGTERM), freezes and cuts the customer: convergence, and DescribeBgpPeers against FRR (root, FRR, BIRD)',
    takes: '~70 s a round; 5 rounds by default',
  },
  {
    name: 'fuzz',
    test: 'dist/test/fuzz/fuzz.test.js',
    usage: '[RUNS] [SEED]',
    env: ([runs = '20000', seed = String(Date.now() % 100_000)]) => ({ VBRD_FUZZ_RUNS: runs, VBRD_FUZZ_SEED: seed }),
    timeoutMs: ([runs = '20000']) => 120_000 + (Number(runs) || 20_000) * 200,
    does: 'every action with one or two parameters wrong in every way the wire allows: no 5xx, the envelope, a bound, refusals change nothing',
    takes: '~30 requests a second; 20,000 by default',
  },
  {
    name: 'crash',
    test: 'dist/test/chaos/crash.test.js',
    usage: '[ROUNDS] [SEED] [ENGINE]',
    env: ([rounds = '20', seed = String(Date.now() % 100_000), engine = 'sqlite,postgres']) => ({
      VBRD_CRASH_ROUNDS: rounds,
      VBRD_CRASH_SEED: seed,
      VBRD_CRASH_ENGINE: engine,
      VBRD_CRASH_CLIENTS: process.env.VBRD_CRASH_CLIENTS ?? '32',
    }),
    timeoutMs: ([rounds = '20']) => 120_000 + (Number(rounds) || 20) * 60_000,
    does: 'kill -9 of a vbrd child under 32 clients writing with ClientTokens, on sqlite and/or postgres: nothing acknowledged lost, tokens answer the same id',
    takes: '~5 s a round per engine; 20 rounds by default',
  },
];

function list(out) {
  const call = (c) => `${c.name} ${c.usage}`.trim();
  const width = Math.max(...CHAOS.map((c) => call(c).length));
  out.write('usage: npm run chaos -- <name> [args]\n\n');
  for (const c of CHAOS) out.write(`  ${call(c).padEnd(width)}  ${c.takes}\n  ${' '.repeat(width)}  ${c.does}\n`);
}

function run([name, ...args]) {
  if (name === undefined || name === '--help' || name === '-h') {
    list(process.stdout);
    process.exit(0);
  }
  const suite = CHAOS.find((c) => c.name === name);
  if (!suite) {
    process.stderr.write(`no chaos suite named ${name}\n\n`);
    list(process.stderr);
    process.exit(2);
  }
  if (!existsSync(join(root, suite.test))) {
    process.stderr.write(`${suite.test} is missing: run npm run build\n`);
    process.exit(1);
  }
  const env = { ...process.env, ...suite.env(args) };
  process.stdout.write(
    `chaos ${name}: ${Object.entries(suite.env(args))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
  const child = spawn(process.execPath, ['--test', `--test-timeout=${suite.timeoutMs(args)}`, suite.test], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child from the terminal too; a signal sent to this process alone is passed on, so the
  // suite still removes its processes and namespaces.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 1));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) run(process.argv.slice(2));
