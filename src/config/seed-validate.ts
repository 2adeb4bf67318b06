// Checks a parsed seed file against its JSON Schema with Ajv. Ajv and the compiled validator are loaded
// on the first seed file read, once per process: a start without a seed file pays nothing for them.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SEED_SCHEMA } from './seed-schema.js';

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    validator = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(SEED_SCHEMA);
  }
  return validator;
}

/** `/regions/0/accessPoints/1/status` → `regions[0].accessPoints[1].status`. */
function pathOf(instancePath: string, key?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (key !== undefined) parts.push(key);
  const path = parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
  return path || 'the top level';
}

function describe(e: ErrorObject): string {
  const at = pathOf(e.instancePath);
  const expected = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${pathOf(e.instancePath, key)}: unknown key (${at === 'the top level' ? 'known keys' : `${at} takes`}: ${known.join(', ')})`;
    }
    case 'required':
      return `${at}: ${(e.params as { missingProperty: string }).missingProperty} is required`;
    case 'type':
      return `${at}: must be of type ${(e.params as { type: string }).type}, not ${JSON.stringify(e.data)}`;
    case 'enum':
      return `${at}: ${JSON.stringify(e.data)} is not one of ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}`;
    default:
      return `${at}: ${JSON.stringify(e.data)} ${e.message ?? 'is not allowed'}${expected ? ` (${expected})` : ''}`;
  }
}

/** What is wrong with a parsed seed file, one line per problem with the path of the offending entry; empty when it is valid. */
export function seedSchemaProblems(raw: unknown): string[] {
  const validate = compiled();
  if (validate(raw)) return [];
  // allErrors reports an entry once per failing keyword; the same line twice says nothing more.
  return [...new Set((validate.errors ?? []).map(describe))];
}
