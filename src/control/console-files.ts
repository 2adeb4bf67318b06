// The web console's files (built by `npm run build` into dist/console/), read once and served from
// memory. The console is a client of the API like any other: these are static files and nothing more.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticFile } from '../protocol/http-server.js';

/** dist/console/, seen from dist/src/control/ and from the bundle's dist/src/chunks/ alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html;charset=utf-8',
  '.js': 'text/javascript;charset=utf-8',
  '.css': 'text/css;charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Nothing from elsewhere (no CDN, no fonts), no framing, and scripts only from these files. uPlot sizes
 * its elements through the style property, which style-src governs only as markup; 'unsafe-inline' for
 * styles covers it.
 */
const HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** The console's files by their path below /console/ (none when the console was not built). */
export function consoleFiles(dir = CONSOLE_DIR): (file: string) => StaticFile | undefined {
  const files = new Map<string, StaticFile>();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const contentType = TYPES[extname(name)];
      if (contentType) files.set(name, { body: readFileSync(join(dir, name)), contentType, headers: HEADERS });
    }
  }
  // Paths inside the single-page app (#/…) all load index.html; only file names at the top are served.
  return (file) => files.get(file);
}
