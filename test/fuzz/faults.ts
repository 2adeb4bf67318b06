// The ways the wire lets a parameter be wrong, as fast-check arbitraries, and how each is applied to a
// request's flat parameters (Name, Name.N, Name.N.Field, Name.N.Field.M). A fault names its parameter by
// a number (taken modulo the action's parameters), so one draw fits every action.
import fc from 'fast-check';
import type { ParamSpec } from '../../src/api/params.js';
import { PLAUSIBLE } from '../support/wire-calls.js';

export type Fault =
  | { kind: 'missing' | 'empty' | 'otherKind'; target: number }
  | { kind: 'wrongType' | 'negative' | 'indexGap' | 'badEnum'; target: number; variant: number }
  | { kind: 'huge'; target: number; length: number }
  | { kind: 'unicode'; target: number; text: string; keep: boolean }
  | { kind: 'unknown'; target: number; variant: number; text: string }
  | { kind: 'overlong'; target: number; count: number };

const target = fc.nat();
const variant = fc.nat();

/** Lengths past every limit the wire has: names, descriptions, the header and the body limit (1 MiB). */
const HUGE_LENGTHS = [129, 257, 1025, 4097, 65_537, 300_000] as const;

export const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constantFrom('missing' as const, 'empty' as const, 'otherKind' as const), target }),
  fc.record({ kind: fc.constantFrom('wrongType' as const, 'negative' as const, 'indexGap' as const, 'badEnum' as const), target, variant }),
  fc.record({ kind: fc.constant('huge' as const), target, length: fc.constantFrom(...HUGE_LENGTHS) }),
  fc.record({
    kind: fc.constant('unicode' as const),
    target,
    text: fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
      fc.constantFrom('\u0000', '\u202e', 'İ', '😀', '\ufeff', 'a\r\nb', '\u00a0', '🏳️‍🌈', '%00', '\\', '"', "'", '<>&'),
    ),
    keep: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('unknown' as const), target, variant, text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('overlong' as const), target, count: fc.constantFrom(0, 1, 50, 2000) }),
);

/** One fault or two, on the same parameter or on two. */
export const faultsArb = fc.array(faultArb, { minLength: 1, maxLength: 2 });

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length];

function withoutParam(p: Record<string, string>, name: string): void {
  for (const k of Object.keys(p)) if (k === name || k.startsWith(`${name}.`)) delete p[k];
}

/** The parameter's first value as the request carries it (scalar, first item, or first field of the first object). */
function currentValue(p: Record<string, string>, name: string): string {
  return p[name] ?? Object.entries(p).find(([k]) => k.startsWith(`${name}.`))?.[1] ?? '';
}

/** Sets the parameter's value in its own shape: Name, Name.1, or Name.1.<each field>. */
function setValue(p: Record<string, string>, name: string, spec: ParamSpec | undefined, value: string): void {
  withoutParam(p, name);
  if (spec?.type === 'strings') p[`${name}.1`] = value;
  else if (spec?.type === 'objects')
    for (const [f, kind] of Object.entries(spec.fields)) p[kind === 'strings' ? `${name}.1.${f}.1` : `${name}.1.${f}`] = value;
  else p[name] = value;
}

const WRONG_NUMBER = ['abc', '1.5', '1e3', '0x10', ' 12', '12 ', '+1', '١٢', '', 'Infinity', '0b1', '1_000'];
const WRONG_BOOLEAN = ['yes', '1', '0', 'tru', 'TRUE ', 'on', 'null'];
const NEGATIVE = ['-1', '-0', '-2147483649', '-9223372036854775809', '-1.0'];
const OTHER_IDS = ['vbr-fuzz00000000000000', 'pc-', 'bgpg-0', 'VBR-ABC', 'vbr-../../etc', '*', 'vbrha-x,vbr-y'];

/** Applies one fault to the parameters of an action with these specs (in place). */
export function applyFault(p: Record<string, string>, specs: Record<string, ParamSpec>, fault: Fault, ids: readonly string[]): void {
  const names = Object.keys(specs);
  const name = names.length ? names[fault.target % names.length] : 'RegionId';
  const spec = specs[name];
  const list = spec?.type === 'strings' || spec?.type === 'objects';
  switch (fault.kind) {
    case 'missing':
      return withoutParam(p, name);
    case 'empty':
      return setValue(p, name, spec, '');
    case 'otherKind':
      return setValue(p, name, spec, ids.length && fault.target % 3 ? pick(ids, fault.target) : pick(OTHER_IDS, fault.target));
    case 'wrongType': {
      if (list) {
        // A list given as one value, or an object's field given as a list.
        withoutParam(p, name);
        if (fault.variant % 2) p[name] = 'x';
        else p[`${name}.1.1`] = 'x';
        return;
      }
      if (fault.variant % 3 === 0) {
        // A scalar given as a list.
        const v = currentValue(p, name);
        withoutParam(p, name);
        p[`${name}.1`] = v;
        return;
      }
      const wrong = spec?.type === 'boolean' ? WRONG_BOOLEAN : spec?.type === 'string' ? ['[]', '{}', 'null', 'true', '0'] : WRONG_NUMBER;
      return setValue(p, name, spec, pick(wrong, fault.variant));
    }
    case 'negative':
      return setValue(p, name, spec, pick([...NEGATIVE, `-${currentValue(p, name)}`], fault.variant));
    case 'huge': {
      const numeric = spec?.type === 'integer' || spec?.type === 'long';
      return setValue(p, name, spec, numeric && fault.length < 300 ? '9'.repeat(fault.length) : 'x'.repeat(fault.length));
    }
    case 'unicode': {
      const v = fault.keep ? `${currentValue(p, name)}${fault.text}` : fault.text;
      return setValue(p, name, spec, v);
    }
    case 'badEnum': {
      const valid = PLAUSIBLE[name] ?? [currentValue(p, name) || 'x'];
      const v = pick(valid, fault.variant);
      return setValue(p, name, spec, pick([v.toLowerCase(), v.toUpperCase(), `${v}x`, ` ${v}`, `${v},${v}`, v.slice(1)], fault.variant));
    }
    case 'indexGap': {
      const v = currentValue(p, name) || 'x';
      withoutParam(p, name);
      const gaps: Record<string, string>[] =
        spec?.type === 'objects'
          ? Object.keys(spec.fields).flatMap((f) => [
              { [`${name}.2.${f}`]: v },
              { [`${name}.0.${f}`]: v },
              { [`${name}.1.${f}.3`]: v },
              { [`${name}.1.Nope`]: v },
            ])
          : [
              { [`${name}.2`]: v },
              { [`${name}.0`]: v },
              { [`${name}.01`]: v },
              { [`${name}.-1`]: v },
              { [`${name}.1`]: v, [`${name}.3`]: v },
              { [`${name}.99999999999999999999`]: v },
              { [`${name}. 1`]: v },
              { [`${name}.1e2`]: v },
              { [`${name}.`]: v },
              { [`${name}..1`]: v },
            ];
      Object.assign(p, pick(gaps, fault.variant));
      return;
    }
    case 'unknown': {
      const unknown = pick(
        [
          'NotAParameter',
          name.toLowerCase(),
          `${name}.1.x`,
          'constructor',
          'toString',
          'hasOwnProperty',
          ' ',
          'Action',
          'Version',
          `${name} `,
        ],
        fault.variant,
      );
      p[unknown] = fault.text;
      return;
    }
    case 'overlong': {
      const v = currentValue(p, name) || 'x';
      withoutParam(p, name);
      const count = fault.count + (spec && 'maxItems' in spec && spec.maxItems !== undefined ? spec.maxItems : 0);
      if (spec?.type === 'objects') {
        const [field, kind] = Object.entries(spec.fields)[0];
        for (let i = 1; i <= count; i++) p[kind === 'strings' ? `${name}.${i}.${field}.1` : `${name}.${i}.${field}`] = v;
        // And one object whose list field is overlong.
        const listField = Object.entries(spec.fields).find(([, k]) => k === 'strings');
        if (listField) for (let i = 1; i <= count; i++) p[`${name}.1.${listField[0]}.${i}`] = v;
      } else if (spec?.type === 'strings') {
        for (let i = 1; i <= count; i++) p[`${name}.${i}`] = v;
      } else p[name] = Array.from({ length: Math.max(count, 2) }, () => v).join(',');
      return;
    }
  }
}

/** A request's parameters for a failure message: long values cut, with their length. */
export function describeParams(p: Record<string, string>): string {
  const shown = Object.entries(p)
    .slice(0, 40)
    .map(([k, v]) => [k.length > 60 ? `${k.slice(0, 60)}…` : k, v.length > 80 ? `${v.slice(0, 80)}…(${v.length} chars)` : v]);
  const more = Object.keys(p).length > 40 ? ` …and ${Object.keys(p).length - 40} more` : '';
  return `${JSON.stringify(Object.fromEntries(shown))}${more}`;
}
