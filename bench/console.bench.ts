// `npm run bench -- console`: the web console's size and speed. The bundle's bytes (raw and gzipped),
// then in Chromium (/usr/bin/chromium, playwright-core) the first paint and first contentful paint of
// /console/ on a server of its own, and the time from signing in to the VBR list shown (signed calls
// included). BENCH_ROUNDS (default 10) fresh pages; the medians and the worst.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startVbrd } from '../src/library/index.js';
import { CONSOLE_DIR } from '../src/control/console-files.js';
import { launchChromium } from '../test/support/browser.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

let raw = 0;
let gz = 0;
for (const f of readdirSync(CONSOLE_DIR)) {
  const body = readFileSync(join(CONSOLE_DIR, f));
  raw += body.length;
  gz += gzipSync(body).length;
  process.stdout.write(`${f.padEnd(12)} ${kb(body.length).padStart(9)}   gzip ${kb(gzipSync(body).length).padStart(8)}\n`);
}
process.stdout.write(`${'total'.padEnd(12)} ${kb(raw).padStart(9)}   gzip ${kb(gz).padStart(8)}\n\n`);

const v = await startVbrd();
const browser = await launchChromium();
try {
  const fp: number[] = [];
  const fcp: number[] = [];
  const signIn: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${v.endpoint}/console/`);
    await page.getByLabel('AccessKey ID').waitFor();
    const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])));
    fp.push(paints['first-paint'] ?? NaN);
    fcp.push(paints['first-contentful-paint'] ?? NaN);
    await page.getByLabel('AccessKey ID').fill(v.accessKeyId);
    await page.getByLabel('AccessKey secret').fill(v.accessKeySecret);
    const t = performance.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Virtual border routers', level: 1 }).waitFor();
    signIn.push(performance.now() - t);
    await page.close();
  }
  const row = (name: string, xs: number[]) =>
    `${name.padEnd(24)} median ${median(xs).toFixed(0).padStart(5)} ms   worst ${Math.max(...xs)
      .toFixed(0)
      .padStart(5)} ms\n`;
  process.stdout.write(`${ROUNDS} fresh pages in headless Chromium\n`);
  process.stdout.write(row('first paint', fp) + row('first contentful paint', fcp) + row('sign-in to VBR list', signIn));
} finally {
  await browser.close();
  await v.close();
}
