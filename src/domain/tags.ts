// Tags, an attribute every taggable Express Connect resource shares (circuits, hosted connections,
// VBRs): what a key or value may be, how many a resource holds, binding and unbinding, and matching
// a list filter. The create actions' Tag.N/Tags.N and the *ForExpressConnect actions use the same rules.
import { apiError } from '../errors/catalogue.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** Tags one resource may hold, and tags or resource ids one request may name. */
export const MAX_TAGS = 20;
export const MAX_TAG_TEXT = 128;

/** What is wrong with a tag key or value, if anything. Keys must not be empty; values may be. */
export function tagTextProblem(text: string, what: 'key' | 'value'): 'empty' | 'tooLong' | 'reserved' | 'url' | undefined {
  if (what === 'key' && text === '') return 'empty';
  if (text.length > MAX_TAG_TEXT) return 'tooLong';
  // `aliyun` and `acs:` mark the system's own tags.
  if (/^(aliyun|acs:)/i.test(text)) return 'reserved';
  if (/https?:\/\//i.test(text)) return 'url';
  return undefined;
}

type RawTag = { Key?: string; Value?: string };

/**
 * The Tag.N / Tags.N of a create action: up to 20, keys unique, every key and value well-formed.
 * Those actions document no tag codes, so a bad one is InvalidParameter naming it.
 */
export function checkTags(raw: RawTag[] | undefined, param: string): Tag[] {
  if (!raw) return [];
  if (raw.length > MAX_TAGS) throw apiError('InvalidParameter', param);
  const seen = new Set<string>();
  return raw.map((t, i) => {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    if (tagTextProblem(key, 'key') || seen.has(key)) throw apiError('InvalidParameter', `${param}.${i + 1}.Key`);
    if (tagTextProblem(value, 'value')) throw apiError('InvalidParameter', `${param}.${i + 1}.Value`);
    seen.add(key);
    return { Key: key, Value: value };
  });
}

/** A key the tag actions refuse: reserved prefixes are the system's (Forbidden.TagKeys), the rest malformed. */
function checkKey(key: string): void {
  const problem = tagTextProblem(key, 'key');
  if (problem === 'empty') throw apiError('MissingParameter.TagKey');
  if (problem === 'reserved') throw apiError('Forbidden.TagKeys');
  if (problem) throw apiError('InvalidTagKey');
}

/** The Tag.N of TagResourcesForExpressConnect, with that action's codes. An absent value is an empty one. */
export function checkTagsToBind(raw: RawTag[]): Tag[] {
  if (raw.length > MAX_TAGS) throw apiError('SizeLimitExceeded.TagNum');
  const seen = new Set<string>();
  return raw.map((t) => {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    checkKey(key);
    if (seen.has(key)) throw apiError('Forbidden.TagKey.Duplicated');
    const problem = tagTextProblem(value, 'value');
    if (problem === 'reserved') throw apiError('Forbidden.TagKeys');
    if (problem) throw apiError('InvalidTagValue');
    seen.add(key);
    return { Key: key, Value: value };
  });
}

/** The TagKey.N of UntagResourcesForExpressConnect. */
export function checkTagKeys(keys: string[]): string[] {
  if (keys.length > MAX_TAGS) throw apiError('SizeLimitExceeded.TagNum');
  for (const k of keys) checkKey(k);
  return keys;
}

/**
 * The Tag.N filter of ListTagResourcesForExpressConnect: a key alone matches any value; a value
 * without its key is refused.
 */
export function checkTagFilter(raw: RawTag[] | undefined): RawTag[] {
  if (!raw) return [];
  if (raw.length > MAX_TAGS) throw apiError('SizeLimitExceeded.TagNum');
  for (const t of raw) {
    if (t.Key === undefined || t.Key === '') throw apiError('MissingParameter.TagKey');
    checkKey(t.Key);
  }
  return raw;
}

/** The resource's tags with `add` bound: an existing key takes the new value. More than 20 → QuotaExceeded.TagNum. */
export function bindTags(have: Tag[], add: Tag[]): Tag[] {
  const out = have.map((t) => ({ ...t }));
  for (const t of add) {
    const cur = out.find((h) => h.Key === t.Key);
    if (cur) cur.Value = t.Value;
    else out.push({ ...t });
  }
  if (out.length > MAX_TAGS) throw apiError('QuotaExceeded.TagNum');
  return out;
}

/** The resource's tags without `keys` (keys it does not have are no error), or without any. */
export function unbindTags(have: Tag[], keys: string[] | 'all'): Tag[] {
  if (keys === 'all') return [];
  return have.filter((t) => !keys.includes(t.Key));
}

/** Every requested tag is on the resource (an empty or absent requested value matches any value). */
export function matchesTags(have: Tag[], want: RawTag[] | undefined): boolean {
  if (!want) return true;
  return want.every((w) => !w.Key || have.some((h) => h.Key === w.Key && (!w.Value || h.Value === w.Value)));
}
