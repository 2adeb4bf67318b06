import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors/api-error.js';
import { bindTags, checkTagFilter, checkTagKeys, checkTags, checkTagsToBind, matchesTags, unbindTags, type Tag } from './tags.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as ApiError).code;
  }
};
const tags = (n: number, prefix = 'k'): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));

test('the tag actions refuse each bad key or value with its own code', () => {
  const bind = (t: { Key?: string; Value?: string }[]) => codeOf(() => checkTagsToBind(t));
  assert.equal(bind([{ Key: 'team', Value: '' }]), 'ok');
  assert.equal(bind([{ Key: 'team' }]), 'ok', 'an absent value is an empty one');
  assert.equal(bind([{ Value: 'x' }]), 'MissingParameter.TagKey');
  assert.equal(bind([{ Key: 'k'.repeat(129), Value: '' }]), 'InvalidTagKey');
  assert.equal(bind([{ Key: 'k'.repeat(128), Value: 'v'.repeat(128) }]), 'ok');
  assert.equal(bind([{ Key: 'see https://example.com', Value: '' }]), 'InvalidTagKey');
  assert.equal(bind([{ Key: 'aliyun-x', Value: '' }]), 'Forbidden.TagKeys');
  assert.equal(bind([{ Key: 'ACS:x', Value: '' }]), 'Forbidden.TagKeys');
  assert.equal(bind([{ Key: 'k', Value: 'v'.repeat(129) }]), 'InvalidTagValue');
  assert.equal(bind([{ Key: 'k', Value: 'http://x' }]), 'InvalidTagValue');
  assert.equal(bind([{ Key: 'k', Value: 'acs:x' }]), 'Forbidden.TagKeys');
  assert.equal(bind([{ Key: 'k' }, { Key: 'k' }]), 'Forbidden.TagKey.Duplicated');
  assert.equal(bind(tags(20)), 'ok');
  assert.equal(bind(tags(21)), 'SizeLimitExceeded.TagNum');
  assert.equal(
    codeOf(() => checkTagKeys(['aliyun'])),
    'Forbidden.TagKeys',
  );
  assert.equal(
    codeOf(() => checkTagKeys([''])),
    'MissingParameter.TagKey',
  );
  assert.equal(
    codeOf(() => checkTagKeys(tags(21).map((t) => t.Key))),
    'SizeLimitExceeded.TagNum',
  );
  assert.equal(
    codeOf(() => checkTagFilter([{ Value: 'v' }])),
    'MissingParameter.TagKey',
  );
  assert.equal(
    codeOf(() => checkTagFilter([{ Key: 'k' }])),
    'ok',
  );
});

test('create actions keep InvalidParameter, naming the tag', () => {
  assert.deepEqual(checkTags([{ Key: 'a', Value: 'b' }], 'Tag'), [{ Key: 'a', Value: 'b' }]);
  assert.throws(
    () => checkTags([{ Key: 'a' }, { Key: 'aliyun' }], 'Tags'),
    (e: ApiError) => e.code === 'InvalidParameter' && /Tags\.2\.Key/.test(e.message),
  );
  assert.throws(
    () => checkTags(tags(21), 'Tag'),
    (e: ApiError) => e.code === 'InvalidParameter',
  );
});

test('binding overwrites a key it has, adds the rest, and stops at 20 per resource', () => {
  const have = [
    { Key: 'a', Value: '1' },
    { Key: 'b', Value: '2' },
  ];
  assert.deepEqual(
    bindTags(have, [
      { Key: 'b', Value: '3' },
      { Key: 'c', Value: '' },
    ]),
    [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '3' },
      { Key: 'c', Value: '' },
    ],
  );
  assert.deepEqual(have[1], { Key: 'b', Value: '2' }, 'the input is not changed');
  assert.equal(
    bindTags(tags(19), [
      { Key: 'k0', Value: 'again' },
      { Key: 'new', Value: '' },
    ]).length,
    20,
  );
  assert.equal(
    codeOf(() => bindTags(tags(20), [{ Key: 'one-more', Value: '' }])),
    'QuotaExceeded.TagNum',
  );
});

test('unbinding removes the named keys (absent ones are no error) or all; matching needs every pair', () => {
  const have = tags(3);
  assert.deepEqual(
    unbindTags(have, ['k1', 'nope']).map((t) => t.Key),
    ['k0', 'k2'],
  );
  assert.deepEqual(unbindTags(have, 'all'), []);
  assert.equal(matchesTags(have, [{ Key: 'k1' }]), true);
  assert.equal(matchesTags(have, [{ Key: 'k1', Value: 'v1' }, { Key: 'k2' }]), true);
  assert.equal(matchesTags(have, [{ Key: 'k1', Value: 'other' }]), false);
  assert.equal(matchesTags(have, [{ Key: 'k1' }, { Key: 'k9' }]), false);
});
