import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wildcardMatch, wildcardMatchIgnoreCase } from './wildcard.js';

const cases: ReadonlyArray<[pattern: string, text: string, expected: boolean]> = [
  ['*', '', true],
  ['*', 'anything', true],
  ['vpc:*', 'vpc:', true],
  ['vpc:Describe*', 'vpc:DescribeBgpPeers', true],
  ['vpc:Describe*', 'vpc:CreateBgpPeer', false],
  ['vpc:*BgpPeer*', 'vpc:ModifyBgpPeerAttribute', true],
  ['vpc:*BgpPeer', 'vpc:ModifyBgpPeerAttribute', false],
  ['a?c', 'abc', true],
  ['a?c', 'ac', false],
  ['a?c', 'abbc', false],
  ['??', 'é€', true], // one `?` per character, not per UTF-16 unit
  ['?', '😀', true],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'aXcYb', false],
  ['a**b', 'ab', true],
  ['*a', 'bbba', true],
  ['*a', 'bbab', false],
  ['exact', 'exact', true],
  ['exact', 'exactly', false],
  ['', '', true],
  ['', 'x', false],
  ['Vpc:describe*', 'vpc:DescribeBgpPeers', false], // case-sensitive
  ['acs:vpc:*:*:virtualborderrouter/*', 'acs:vpc:cn-hangzhou:1234:virtualborderrouter/vbr-1', true],
  ['acs:vpc:cn-beijing:*:virtualborderrouter/*', 'acs:vpc:cn-hangzhou:1234:virtualborderrouter/vbr-1', false],
  ['[a]', 'a', false], // no regex semantics leak through
  ['a.c', 'abc', false],
];

test('wildcardMatch: * is any run, ? is one character, everything else literal', () => {
  for (const [pattern, text, expected] of cases) {
    assert.equal(wildcardMatch(pattern, text), expected, `${JSON.stringify(pattern)} vs ${JSON.stringify(text)}`);
  }
});

test('wildcardMatchIgnoreCase folds case on both sides', () => {
  assert.equal(wildcardMatchIgnoreCase('VPC:describe*', 'vpc:DescribeBgpPeers'), true);
  assert.equal(wildcardMatchIgnoreCase('vpc:createbgppeer', 'vpc:CreateBgpPeer'), true);
  assert.equal(wildcardMatchIgnoreCase('vpc:createbgppeer', 'vpc:CreateBgpGroup'), false);
});

test('a hostile pattern does not blow up', () => {
  const pattern = '*a'.repeat(30) + 'b';
  const text = 'a'.repeat(5000);
  const started = Date.now();
  assert.equal(wildcardMatch(pattern, text), false);
  assert.ok(Date.now() - started < 2000);
});
