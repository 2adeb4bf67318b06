// The layers of src/ import only downward: a module may import from its own top-level folder or from a
// lower layer, never from one above it or beside it. A new top-level folder must be placed here first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Top to bottom; folders on one line are beside each other and may not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['cli', 'library'],
  ['app.ts'],
  ['control'],
  ['api', 'reconcile', 'lab'],
  ['protocol'],
  ['auth', 'domain'],
  ['store', 'speaker'],
  ['config', 'errors', 'util'],
];

const root = new URL('../../../', import.meta.url).pathname;
const src = join(root, 'src');

function productModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return productModules(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The top-level entry of src/ a file lives in: its folder, or the file itself (app.ts). */
const unitOf = (file: string) => relative(src, file).split('/')[0];

function rankOf(unit: string): number {
  const rank = LAYERS.findIndex((layer) => layer.includes(unit));
  assert.ok(rank >= 0, `src/${unit} is in no layer: place it in LAYERS (test/architecture/layers.test.ts)`);
  return rank;
}

/** The relative imports of a module (static, re-exports and dynamic import()), resolved to .ts paths. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')));
}

test('every module of src/ imports only from its own folder or a layer below it', () => {
  const upward: string[] = [];
  for (const file of productModules(src)) {
    const from = unitOf(file);
    for (const target of importsOf(file)) {
      const to = unitOf(target);
      if (to !== from && rankOf(to) <= rankOf(from)) upward.push(`src/${relative(src, file)} imports src/${relative(src, target)}`);
    }
  }
  assert.deepEqual(upward, [], `imports that do not run downward:\n${upward.join('\n')}`);
});
