// `npm test`: every *.test.js under dist/ (unit tests beside the code in src/, integration tests in test/),
// run by node's own test runner. Extra arguments narrow the run: `npm test -- store` runs files whose path has "store".
// The benches' own tests (dist/bench/) check bench code, not vbrd, so the plain run leaves them out; a filter
// chooses among all files, bench ones included: `npm test -- bench` runs just those.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js')) files.push(relative(root, p));
  }
})(join(root, 'dist'));
const isBench = (f) => f.startsWith('dist/bench/');
const selected = files.filter((f) => (filters.length === 0 ? !isBench(f) : filters.some((x) => f.includes(x)))).sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...selected], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
