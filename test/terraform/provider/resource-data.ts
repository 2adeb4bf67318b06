// The Terraform plugin SDK v1's view of one resource instance: a schema, the configuration converted
// to the schema's types, the prior state, and schema.ResourceData's Get / GetOk / GetOkExists /
// HasChange / Set. Set decodes strictly, as helper/schema's MapFieldWriter does with mapstructure
// (no weak typing): a JSON string for a TypeInt attribute is an error, not a conversion.
import { ProviderError } from './sdk.js';

export type Scalar = string | number | boolean;
export type ObjectValue = { [key: string]: Value };
export type Value = Scalar | Record<string, string> | string[] | ObjectValue[];

export type AttrType = 'string' | 'int' | 'bool' | 'map' | 'strings' | { objects: Schema };

export interface AttrSchema {
  type: AttrType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  forceNew?: boolean;
  default?: Scalar;
  /** Deprecated attributes are still accepted; Removed ones are a plan-time error. */
  removed?: boolean;
  /** ValidateFunc: a message when the configured value is refused at plan time. */
  validate?: (v: Value) => string | undefined;
  /** DiffSuppressFunc over the planned attributes: true when a difference must not show in the plan. */
  diffSuppress?: (planned: Attrs) => boolean;
}

export type Schema = Record<string, AttrSchema>;
export type Attrs = Record<string, Value>;

/** The configuration is refused before any request is sent (terraform validate / plan). */
export class ConfigError extends Error {}

export function typeName(t: AttrType): string {
  return typeof t === 'string' ? t : 'list of objects';
}

export function zeroOf(t: AttrType): Value {
  switch (t) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'map':
      return {};
    default:
      return [];
  }
}

function isZero(v: Value | undefined): boolean {
  if (v === undefined || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

export function valuesEqual(a: Value | undefined, b: Value | undefined): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}

/** HCL values converted to the attribute's type, as Terraform core does before the provider sees them ("1111" → 1111 for a TypeInt). */
export function convertConfigValue(attr: string, s: AttrSchema, v: unknown): Value {
  const fail = (): never => {
    throw new ConfigError(`Inappropriate value for attribute "${attr}": ${typeName(s.type)} required (got ${JSON.stringify(v)})`);
  };
  switch (s.type) {
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      return fail();
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return Number(v);
      return fail();
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      return fail();
    case 'map':
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail();
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, convertConfigValue(`${attr}.${k}`, { type: 'string' }, x) as string]),
      );
    case 'strings':
      if (!Array.isArray(v)) return fail();
      return v.map((x, i) => convertConfigValue(`${attr}.${i}`, { type: 'string' }, x) as string);
    default: {
      if (!Array.isArray(v)) return fail();
      const nested = s.type.objects;
      return v.map((item) => {
        if (item === null || typeof item !== 'object') return fail();
        const out: ObjectValue = {};
        for (const [k, x] of Object.entries(item as Record<string, unknown>)) {
          if (!nested[k]) throw new ConfigError(`An argument named "${k}" is not expected in "${attr}"`);
          out[k] = convertConfigValue(`${attr}.${k}`, nested[k], x);
        }
        return out;
      });
    }
  }
}

/** Validate a configuration against a schema and convert it (unknown, removed and missing required attributes are refused). */
export function convertConfig(schema: Schema, config: Record<string, unknown>): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(config)) {
    const s = schema[k];
    if (!s) throw new ConfigError(`An argument named "${k}" is not expected here`);
    if (!s.optional && !s.required) throw new ConfigError(`"${k}": this field cannot be set (computed only)`);
    if (s.removed) throw new ConfigError(`"${k}": [REMOVED] this attribute has been removed from the provider`);
    const value = convertConfigValue(k, s, v);
    const msg = s.validate?.(value);
    if (msg) throw new ConfigError(`expected ${k} ${msg}, got ${JSON.stringify(value)}`);
    out[k] = value;
  }
  for (const [k, s] of Object.entries(schema)) {
    if (s.required && !(k in out)) throw new ConfigError(`The argument "${k}" is required, but no definition was found.`);
    if (s.default !== undefined && !(k in out)) out[k] = s.default;
  }
  return out;
}

/** mapstructure.Decode into the attribute's type, no weak typing (helper/schema field_writer_map.go). */
export function decodeForSet(attr: string, t: AttrType, v: unknown): Value {
  const fail = (): never => {
    const got = Array.isArray(v)
      ? 'slice'
      : v === null
        ? 'nil'
        : typeof v === 'object'
          ? 'map'
          : typeof v === 'number'
            ? 'json.Number'
            : typeof v;
    throw new ProviderError(`${attr}: '' expected type '${typeName(t)}', got unconvertible type '${got}', value: '${JSON.stringify(v)}'`);
  };
  if (v === null || v === undefined) return zeroOf(t);
  switch (t) {
    case 'string':
      // json.Number is a string kind: a JSON number is accepted as its text.
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return String(v);
      return fail();
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      return fail();
    case 'bool':
      if (typeof v === 'boolean') return v;
      return fail();
    case 'map':
      if (typeof v !== 'object' || Array.isArray(v)) return fail();
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeForSet(`${attr}.${k}`, 'string', x) as string]));
    case 'strings':
      if (!Array.isArray(v)) return fail();
      return v.map((x, i) => decodeForSet(`${attr}.${i}`, 'string', x) as string);
    default: {
      if (!Array.isArray(v)) return fail();
      const nested = t.objects;
      return v.map((item, i) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) return fail();
        const out: ObjectValue = {};
        for (const [k, s] of Object.entries(nested)) {
          const x = (item as Record<string, unknown>)[k];
          out[k] = decodeForSet(`${attr}.${i}.${k}`, s.type, x);
        }
        return out;
      });
    }
  }
}

export interface ResourceDataInit {
  schema: Schema;
  id?: string;
  /** The prior state's attributes (empty on create and import). */
  prior?: Attrs;
  /** The configuration, converted; undefined when Terraform only reads (refresh, import). */
  config?: Attrs;
  isNew?: boolean;
}

export class ResourceData {
  private readonly schema: Schema;
  private readonly prior: Attrs;
  private readonly planned: Attrs;
  private readonly written: Attrs = {};
  private readonly isNew: boolean;
  private currentId: string;

  constructor(init: ResourceDataInit) {
    this.schema = init.schema;
    this.prior = { ...(init.prior ?? {}) };
    this.isNew = init.isNew ?? false;
    this.currentId = init.id ?? '';
    if (init.config === undefined) this.planned = { ...this.prior };
    else {
      // The diff: configured values; Computed attributes left out of the configuration keep their state (unknown on create).
      const planned: Attrs = {};
      for (const [k, s] of Object.entries(this.schema)) {
        if (k in init.config) planned[k] = init.config[k];
        else if (s.computed && k in this.prior) planned[k] = this.prior[k];
      }
      // A suppressed difference is left out of the diff: the attribute keeps its prior value.
      const suppressed = Object.entries(this.schema)
        .filter(([, s]) => s.diffSuppress?.(planned))
        .map(([k]) => k);
      for (const k of suppressed) {
        if (k in this.prior) planned[k] = this.prior[k];
        else delete planned[k];
      }
      this.planned = planned;
    }
  }

  id(): string {
    return this.currentId;
  }

  setId(id: string): void {
    this.currentId = id;
  }

  isNewResource(): boolean {
    return this.isNew;
  }

  private attr(k: string): AttrSchema {
    const s = this.schema[k];
    if (!s) throw new Error(`the model reads an attribute its schema lacks: ${k}`);
    return s;
  }

  private current(k: string): Value | undefined {
    return k in this.written ? this.written[k] : this.planned[k];
  }

  /** d.Get: the value, or the type's zero value. */
  get(k: string): Value {
    return this.current(k) ?? zeroOf(this.attr(k).type);
  }

  getString(k: string): string {
    return this.get(k) as string;
  }

  /** d.GetOk: the value and whether it is set to something other than the zero value. */
  getOk(k: string): [Value, boolean] {
    const v = this.get(k);
    return [v, !isZero(v)];
  }

  /** d.GetOkExists: the value and whether it is set at all (in the configuration, or in state for a Computed attribute), zero values included. */
  getOkExists(k: string): [Value, boolean] {
    const v = this.current(k);
    return [v ?? zeroOf(this.attr(k).type), v !== undefined];
  }

  hasChange(k: string): boolean {
    const t = this.attr(k).type;
    return !valuesEqual(this.prior[k] ?? zeroOf(t), this.planned[k] ?? zeroOf(t));
  }

  getChange(k: string): [Value, Value] {
    const t = this.attr(k).type;
    return [this.prior[k] ?? zeroOf(t), this.planned[k] ?? zeroOf(t)];
  }

  /** d.Set: an error when the value does not decode into the attribute's type (the attribute then keeps its value). */
  set(k: string, v: unknown): ProviderError | undefined {
    try {
      this.written[k] = decodeForSet(k, this.attr(k).type, v);
      return undefined;
    } catch (e) {
      if (e instanceof ProviderError) return e;
      throw e;
    }
  }

  /** The state Terraform records after the operation: the plan overlaid with what the provider set. */
  state(): Attrs {
    const out: Attrs = {};
    for (const k of Object.keys(this.schema)) {
      const v = this.current(k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
}

/** The flatmap form of a state (helper/resource's view for ImportStateVerify): every value a string, maps as k.% and k.key, lists as k.# and k.N. */
export function flatmap(attrs: Attrs): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (prefix: string, v: Value) => {
    if (Array.isArray(v)) {
      out[`${prefix}.#`] = String(v.length);
      v.forEach((x, i) => put(`${prefix}.${i}`, x as Value));
    } else if (typeof v === 'object') {
      out[`${prefix}.%`] = String(Object.keys(v).length);
      for (const [k, x] of Object.entries(v)) put(`${prefix}.${k}`, x as Value);
    } else out[prefix] = String(v);
  };
  for (const [k, v] of Object.entries(attrs)) put(k, v);
  return out;
}

/** One difference the plan would show after a refresh. */
export interface PlannedChange {
  attr: string;
  from: Value | undefined;
  to: Value | undefined;
  forceNew: boolean;
}

/** The plan for a configuration against a refreshed state: configured values that differ, and optional non-computed values left out but still set. */
export function diff(schema: Schema, config: Attrs, state: Attrs): PlannedChange[] {
  const changes: PlannedChange[] = [];
  const planned: Attrs = { ...state, ...config };
  for (const [k, s] of Object.entries(schema)) {
    if (!s.optional && !s.required) continue;
    const want = k in config ? config[k] : s.computed ? state[k] : zeroOf(s.type);
    const have = state[k] ?? zeroOf(s.type);
    if (valuesEqual(want ?? zeroOf(s.type), have)) continue;
    if (s.diffSuppress?.(planned)) continue;
    changes.push({ attr: k, from: state[k], to: want, forceNew: s.forceNew === true });
  }
  return changes;
}
