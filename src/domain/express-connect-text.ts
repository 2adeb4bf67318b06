// Text rules shared by circuits, hosted connections and VBRs: names, descriptions, circuit codes, filters
// (tags are in tags.ts).
import { apiError, type ErrorCode } from '../errors/catalogue.js';
import { matchesTags, type Tag } from './tags.js';

const STARTS_WITH_LETTER = /^[A-Za-z\u4e00-\u9fa5]/;
const NAME_BODY = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]*$/;
const URL_PREFIX = /^https?:\/\//i;

/** 2–128 characters, starts with a letter or Chinese character; letters, digits, `_`, `-`, `.`. */
export function isValidName(s: string): boolean {
  return s.length >= 2 && s.length <= 128 && NAME_BODY.test(s) && !URL_PREFIX.test(s);
}

/** 2–256 characters, starts with a letter or Chinese character, not a URL. */
export function isValidDescription(s: string): boolean {
  return s.length >= 2 && s.length <= 256 && STARTS_WITH_LETTER.test(s) && !URL_PREFIX.test(s);
}

/** Carrier circuit codes are free text in practice: 1–64 printable characters without white space. */
export function isValidCircuitCode(s: string): boolean {
  return /^[\x21-\x7e\u4e00-\u9fa5]{1,64}$/.test(s);
}

/** Empty strings count as "not given": SDK users and Terraform send empty optional fields. */
export function given(s: string | undefined): s is string {
  return s !== undefined && s !== '';
}

export function checkText(value: string | undefined, valid: (s: string) => boolean, code: ErrorCode, message?: string): void {
  if (given(value) && !valid(value)) throw apiError(code, undefined, message ? { message } : {});
}

/** The Tags.N and ResourceGroupId conditions the circuit and VBR lists share. */
export function matchesTagsAndGroup(
  data: { Tags: Tag[]; ResourceGroupId: string },
  want: { Tags?: { Key?: string; Value?: string }[]; ResourceGroupId?: string },
): boolean {
  return matchesTags(data.Tags, want.Tags) && (!given(want.ResourceGroupId) || data.ResourceGroupId === want.ResourceGroupId);
}

/** Filter.N.Key / Filter.N.Value.M → key → accepted values (OR within a key, AND across keys). */
export function parseFilters(raw: { Key?: string; Value?: string[] }[] | undefined, allowed: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!raw) return out;
  if (raw.length > 5) throw apiError('InvalidParameter', 'Filter');
  for (const f of raw) {
    const key = f.Key ?? '';
    if (!allowed.includes(key)) throw apiError('InvalidFilterKey.ValueNotSupported', key);
    const values = out.get(key) ?? new Set<string>();
    for (const v of f.Value ?? []) values.add(v);
    out.set(key, values);
  }
  return out;
}

/** True when every filter key has one of its values among `fields(key)`. */
export function matchesFilters(filters: Map<string, Set<string>>, fields: (key: string) => (string | undefined)[]): boolean {
  for (const [key, values] of filters) {
    if (values.size === 0) continue;
    if (!fields(key).some((v) => v !== undefined && values.has(v))) return false;
  }
  return true;
}
