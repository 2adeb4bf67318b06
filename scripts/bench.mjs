// `npm run bench -- <name> [args]`: the one entry to the benches. Without a name it lists them and runs
// nothing, since the main one takes two minutes and pins both cores. `prebench` (ensure-built.mjs) has
// built dist/ before this runs. Each bench runs as a child with the remaining arguments, so it reads its
// own argv and pins its own process as it would if started directly. The docs test imports BENCHES to
// check the bench names the docs mention.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url).pathname;

/**
 * @typedef {object} Bench
 * @property {string} name     what to type after `npm run bench --`
 * @property {string} main     compiled entry, relative to the repository root
 * @property {string} usage    arguments it takes, if any
 * @property {string} measures one line: what it measures
 * @property {string} takes    roughly how long a default run lasts
 */

/** @type {readonly Bench[]} */
export const BENCHES = [
  {
    name: 'api',
    main: 'dist/bench/api.bench.js',
    usage: '',
    measures: "vbrd's rate, latency and CPU per request against a bare node:http server; its start-up time",
    takes: '~2 min',
  },
  {
    name: 'engines',
    main: 'dist/bench/engines.bench.js',
    usage: '',
    measures: 'the same requests on SQLite and on PostgreSQL behind one node and two (needs PostgreSQL)',
    takes: '~1.5 min',
  },
  {
    name: 'compare',
    main: 'dist/bench/compare.bench.js',
    usage: 'BEFORE AFTER',
    measures: "two builds' servers in alternating runs: CPU per request, rate and p99",
    takes: '~3 min',
  },
  {
    name: 'store',
    main: 'dist/bench/store-compare.bench.js',
    usage: 'BEFORE AFTER',
    measures: "two builds' embedded stores in one process, alternating every fraction of a second",
    takes: '< 1 min',
  },
  {
    name: 'control',
    main: 'dist/bench/control.bench.js',
    usage: '',
    measures: 'reset, snapshot and restore of an empty-ish store, through the library (in process)',
    takes: '< 1 min',
  },
  {
    name: 'frr',
    main: 'dist/bench/frr-api.bench.js',
    usage: '[PEERS…]',
    measures: "CreateBgpPeer → Established through the API on FRR, and bgpd's memory per peer (root)",
    takes: '1–2 min',
  },
  {
    name: 'frr-peers',
    main: 'dist/bench/frr-peers.bench.js',
    usage: '[PEERS…]',
    measures: 'the same for the FRR speaker alone, without the API (root)',
    takes: '1–2 min',
  },
  {
    name: 'console',
    main: 'dist/bench/console.bench.js',
    usage: '',
    measures: "the web console's bundle size, and its first paint and sign-in time in Chromium",
    takes: '< 1 min',
  },
];

/** The table, one bench a line: name and arguments, how long a default run takes, what it measures. */
function list(out) {
  const call = (b) => `${b.name} ${b.usage}`.trim();
  const width = Math.max(...BENCHES.map((b) => call(b).length));
  const takes = Math.max(...BENCHES.map((b) => b.takes.length));
  out.write('usage: npm run bench -- <name> [args]   (BEFORE and AFTER are build directories, e.g. dist-before dist)\n\n');
  for (const b of BENCHES) out.write(`  ${call(b).padEnd(width)}  ${b.takes.padEnd(takes)}  ${b.measures}\n`);
  out.write('\nWhat each measures, its settings and how to read it: docs/performance.md\n');
}

function run([name, ...args]) {
  if (name === undefined || name === '--help' || name === '-h') {
    list(process.stdout);
    process.exit(0);
  }
  const bench = BENCHES.find((b) => b.name === name);
  if (!bench) {
    process.stderr.write(`no bench named ${name}\n\n`);
    list(process.stderr);
    process.exit(2);
  }
  const main = join(root, bench.main);
  if (!existsSync(main)) {
    process.stderr.write(`${bench.main} is missing: run npm run build\n`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [main, ...args], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal too; a signal sent to this process alone is passed on, so
  // the bench still removes its servers and temporary directories.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 1));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) run(process.argv.slice(2));
