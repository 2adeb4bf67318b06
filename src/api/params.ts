// Declarative request parameters: each action lists its wire names and types once; parsing turns the
// flat RPC map (Name, Name.N, Name.N.Field, Name.N.Field.M) into typed values or a wire error.
import { apiError } from '../errors/catalogue.js';

export type ScalarType = 'string' | 'integer' | 'long' | 'boolean';
/** An object's fields: a string, or a list (`Name.N.Field.M`), capped where Alibaba documents a limit. */
export type ObjectFields = Record<string, 'string' | 'strings' | { type: 'strings'; maxItems: number }>;

export type ParamSpec =
  | { type: ScalarType; required?: boolean }
  | { type: 'strings'; required?: boolean; maxItems?: number }
  | { type: 'objects'; fields: ObjectFields; required?: boolean; maxItems?: number };

export type ParamSpecs = Record<string, ParamSpec>;

type FieldValue<F> = F extends 'strings' | { type: 'strings' } ? string[] : string;
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

/**
 * The repeated parameters of a request as trees, `Name.N.Field.M` → Name → N → Field → M, built in one
 * pass over the names: a request is parsed in time linear in its size, however many entries it repeats.
 */
interface Branch {
  value?: string;
  children?: Map<string, Branch>;
}

function repeatedParams(specs: ParamSpecs, all: Map<string, string>): Map<string, Branch> {
  const roots = new Map<string, Branch>();
  for (const [key, value] of all) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const name = key.slice(0, dot);
    const type = specs[name]?.type;
    if (type !== 'strings' && type !== 'objects') continue;
    let node = roots.get(name);
    if (!node) roots.set(name, (node = {}));
    for (const segment of key.slice(dot + 1).split('.')) {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = {}));
      node = next;
    }
    node.value = value;
  }
  return roots;
}

/** An index as the wire writes it: a decimal number without leading zeros. */
const INDEX = /^(0|[1-9]\d*)$/;

/** The branch's items by index, ascending; at most maxItems of them (Alibaba's documented limits). */
function items(name: string, branch: Branch | undefined, maxItems?: number): Branch[] {
  if (!branch?.children) return [];
  const indexed = [...branch.children].filter(([k]) => INDEX.test(k)).map(([k, b]) => [Number(k), b] as const);
  if (maxItems !== undefined && indexed.length > maxItems) {
    throw apiError('InvalidParameter', `${name}.N`, {
      message: `The specified parameter "${name}.N" is not valid: at most ${maxItems} items are allowed.`,
    });
  }
  return indexed.sort((a, b) => a[0] - b[0]).map(([, b]) => b);
}

/** The values of `Name.N`, in index order; undefined when the request has no `Name.N…` at all. */
function strings(name: string, branch: Branch | undefined, maxItems?: number): string[] | undefined {
  const found = items(name, branch, maxItems);
  return found.length === 0 ? undefined : found.map((b) => b.value).filter((v): v is string => v !== undefined);
}

/** The objects `Name.N.Field…`, in index order; undefined when the request has no `Name.N…` at all. */
function objects(name: string, branch: Branch | undefined, fields: ObjectFields, maxItems?: number): Record<string, unknown>[] | undefined {
  const found = items(name, branch, maxItems);
  if (found.length === 0) return undefined;
  return found.map((item) => {
    const o: Record<string, unknown> = {};
    for (const [f, type] of Object.entries(fields)) {
      const field = item.children?.get(f);
      const v = type === 'string' ? field?.value : strings(`${name}.N.${f}`, field, typeof type === 'object' ? type.maxItems : undefined);
      if (v !== undefined) o[f] = v;
    }
    return o;
  });
}

export function parseParams<S extends ParamSpecs>(specs: S, all: Map<string, string>): Params<S> {
  const repeated = repeatedParams(specs, all);
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    let value: unknown;
    if (spec.type === 'strings') {
      value = strings(name, repeated.get(name), spec.maxItems);
    } else if (spec.type === 'objects') {
      value = objects(name, repeated.get(name), spec.fields, spec.maxItems);
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
