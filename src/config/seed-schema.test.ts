import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { seedSchemaText } from './seed-schema.js';

const root = new URL('../../../', import.meta.url);
const published = readFileSync(new URL('schema/seed.schema.json', root), 'utf8');

test('schema/seed.schema.json is the schema loadSeed checks against', () => {
  assert.equal(
    published,
    seedSchemaText(),
    'schema/seed.schema.json has drifted from src/config/seed-schema.ts: run `node dist/src/cli/vbrd.js seed-schema > schema/seed.schema.json`',
  );
});

/** The YAML blocks of a page that are seed files: those that tell editors the seed's schema. */
function seedExamples(page: string): string[] {
  const text = readFileSync(new URL(page, root), 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((y) => y.includes('$schema=') || /^regions:|^accounts:/m.test(y));
}

test("the README's and docs/configuration.md's seed examples pass the published schema", () => {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(published) as object);
  for (const page of ['README.md', 'docs/configuration.md']) {
    const examples = seedExamples(page);
    assert.ok(examples.length > 0, `${page} shows a seed example`);
    for (const example of examples) {
      assert.ok(validate(parse(example)), `${page}: ${JSON.stringify(validate.errors)}`);
      assert.match(example, /^# yaml-language-server: \$schema=/, `${page}'s example tells editors its schema`);
    }
  }
  // and the check can fail: a misspelt section does not pass
  assert.equal(validate({ quotaz: {} }), false);
});
