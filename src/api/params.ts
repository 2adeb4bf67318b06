// Declarative request parameters: each action lists its wire names and types once; parsing turns the
// flat RPC map (Name, Name.N, Name.N.Field, Name.N.Field.M) into typed values or a wire error.
import { apiError } from '../errors/catalogue.js';

export type ScalarType = 'string' | 'integer' | 'long' | 'boolean';
export type ObjectFields = Record<string, 'string' | 'strings'>;

export type ParamSpec =
  | { type: ScalarType; required?: boolean }
  | { type: 'strings'; required?: boolean }
  | { type: 'objects'; fields: ObjectFields; required?: boolean };

export type ParamSpecs = Record<string, ParamSpec>;

type FieldValue<F> = F extends 'strings' ? string[] : string;
type ValueOf<S extends ParamSpec> = S extends { type: 'string' }
  ? string
  : S extends { type: 'integer' | 'long' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : S extends { type: 'strings' }
        ? string[]
        : S extends { type: 'objects'; fields: infer F }
          ? { [K in keyof F]?: FieldValue<F[K]> }[]
          : never;

export type Params<S extends ParamSpecs> = { [K in keyof S as S[K] extends { required: true } ? K : never]: ValueOf<S[K]> } & {
  [K in keyof S as S[K] extends { required: true } ? never : K]?: ValueOf<S[K]>;
};

const INTEGER = /^-?\d+$/;

function scalar(name: string, type: ScalarType, raw: string): string | number | boolean {
  switch (type) {
    case 'string':
      return raw;
    case 'integer':
    case 'long': {
      const n = Number(raw);
      const max = type === 'integer' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
      if (!INTEGER.test(raw.trim()) || !Number.isSafeInteger(n) || Math.abs(n) > max) throw apiError('InvalidParameter', name);
      return n;
    }
    case 'boolean': {
      const v = raw.toLowerCase();
      if (v === 'true') return true;
      if (v === 'false') return false;
      throw apiError('InvalidParameter', name);
    }
  }
}

/** Indices N present as `${prefix}.N` or `${prefix}.N.…`, ascending. */
function indices(all: Map<string, string>, prefix: string): number[] {
  const found = new Set<number>();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)(?:\\.|$)`);
  for (const k of all.keys()) {
    const m = re.exec(k);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function list(all: Map<string, string>, prefix: string): string[] | undefined {
  const idx = indices(all, prefix);
  if (idx.length === 0) return undefined;
  return idx.map((i) => all.get(`${prefix}.${i}`)).filter((v): v is string => v !== undefined);
}

export function parseParams<S extends ParamSpecs>(specs: S, all: Map<string, string>): Params<S> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    let value: unknown;
    if (spec.type === 'strings') {
      value = list(all, name);
    } else if (spec.type === 'objects') {
      const idx = indices(all, name);
      value =
        idx.length === 0
          ? undefined
          : idx.map((i) => {
              const o: Record<string, unknown> = {};
              for (const [f, ft] of Object.entries(spec.fields)) {
                const v = ft === 'strings' ? list(all, `${name}.${i}.${f}`) : all.get(`${name}.${i}.${f}`);
                if (v !== undefined) o[f] = v;
              }
              return o;
            });
    } else {
      const raw = all.get(name);
      value = raw === undefined || (raw === '' && spec.type !== 'string') ? undefined : scalar(name, spec.type, raw);
    }
    if (value === undefined || value === '') {
      if (spec.required) throw apiError('MissingParameter', name);
      if (value === '') out[name] = value;
      continue;
    }
    out[name] = value;
  }
  return out as Params<S>;
}
