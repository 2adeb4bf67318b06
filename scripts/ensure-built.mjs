// Runs before `npm start`, `npm test` and `npm run bench`: installs dependencies on a fresh clone and
// builds (TypeScript, then the bundled `vbrd` command) when any source is newer than the build, so each
// of those is a one-command set-up.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd) => execSync(cmd, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

function newest(dir, skip = new Set(['node_modules', 'dist', '.git', '.vbrd'])) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, skip));
    else if (e.name.endsWith('.ts') || e.name === 'tsconfig.json') t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
  console.error('vbrd: installing dependencies (npm ci)…');
  run('npm ci --no-audit --no-fund');
}
const stamp = join(root, 'dist/.build-stamp');
const srcTime = Math.max(
  ...['src', 'test', 'bench', 'examples'].filter((d) => existsSync(join(root, d))).map((d) => newest(join(root, d))),
  ...['tsconfig.json', 'scripts/bundle.mjs'].map((f) => statSync(join(root, f)).mtimeMs),
);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < srcTime) {
  console.error('vbrd: compiling TypeScript…');
  run('npm run --silent build');
  run(`node -e "require('fs').writeFileSync('dist/.build-stamp', String(Date.now()))"`);
}
