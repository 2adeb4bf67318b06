// `npm run build`, second step: one ES module file for the `vbrd` command, dist/src/cli/vbrd.js, made
// from tsc's output. Loading one file instead of some 80 modules and pino's dozen takes a quarter off
// the start-up time (measured in `npm run bench`). Native and optional packages stay outside.
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

await build({
  entryPoints: [`${root}dist/src/cli/main.js`],
  outfile: `${root}dist/src/cli/vbrd.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // better-sqlite3 loads its native addon from its own folder; pg and yaml are loaded only when used.
  external: ['better-sqlite3', 'pg', 'yaml'],
  // CommonJS packages inside the bundle (pino) call require() for Node's own modules.
  banner: { js: "import { createRequire as vbrdCreateRequire } from 'node:module'; const require = vbrdCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
