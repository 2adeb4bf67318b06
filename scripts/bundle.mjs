// `npm run build`, second step: the `vbrd` command, dist/src/cli/vbrd.js, bundled from tsc's output
// with the chunks it loads on first use (dist/src/chunks/). Loading a few files instead of some 80
// modules and pino's dozen takes a quarter off the start-up time (measured by `npm run bench -- api`).
// Native and optional packages stay outside.
import { build } from 'esbuild';
import { copyFileSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const out = `${root}dist/src`;

// Chunk names carry a hash of their contents: drop those of earlier builds.
rmSync(`${out}/chunks`, { recursive: true, force: true });

await build({
  entryPoints: { 'cli/vbrd': `${root}dist/src/cli/main.js` },
  outdir: out,
  // What is imported with import() (the server, PostgreSQL, FRR, the lab, the audit command) goes into
  // chunks loaded on first use, together with the packages only it imports. In a single file, those
  // packages' imports are hoisted to the top and run at every start: pg and yaml (and the fetch
  // implementation pg looks at) were 80 ms of a 237 ms start.
  splitting: true,
  // One level below dist/src, as tsc's own files are: code that finds a file beside its own module
  // (lab.ts starts ../lab/customer-link-agent.js) finds it from the chunks too.
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // better-sqlite3 loads its native addon from its own folder; pg, yaml and ajv (loaded only to read a
  // seed file) stay packages of their own.
  external: ['better-sqlite3', 'pg', 'yaml', 'ajv'],
  // CommonJS packages inside the bundle (pino) call require() for Node's own modules.
  banner: { js: "import { createRequire as vbrdCreateRequire } from 'node:module'; const require = vbrdCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The web console (console/): one script and one stylesheet (uPlot's included) for the browser, and
// its page, in dist/console/, which vbrd serves at /console/. Nothing is fetched from elsewhere.
await build({
  entryPoints: { app: `${root}console/src/main.ts` },
  outdir: `${root}dist/console`,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(`${root}console/index.html`, `${root}dist/console/index.html`);
