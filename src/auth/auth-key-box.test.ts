import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AuthKeyBox } from './auth-key-box.js';

const key = randomBytes(32);
const box = new AuthKeyBox(() => key);

test('an AuthKey opens from its seal for its own group only, and under its own key only', () => {
  const sealed = box.seal('Md5+Key-1', 'bgpg-1');
  assert.ok(!sealed.includes('Md5+Key-1'));
  assert.notEqual(box.seal('Md5+Key-1', 'bgpg-1'), sealed, 'a fresh IV each time');
  assert.equal(box.open(sealed, 'bgpg-1'), 'Md5+Key-1');
  assert.equal(box.open(sealed, 'bgpg-2'), undefined, 'copied onto another group');
  assert.equal(new AuthKeyBox(() => randomBytes(32)).open(sealed, 'bgpg-1'), undefined, 'another sealing key');
  assert.equal(box.open(sealed.slice(0, -4) + 'AAA=', 'bgpg-1'), undefined, 'tampered with');
});

test('no AuthKey stays empty, and a record without a seal opens to nothing', () => {
  assert.equal(box.seal('', 'bgpg-1'), '');
  assert.equal(box.open('', 'bgpg-1'), '');
  assert.equal(box.open(undefined as unknown as string, 'bgpg-1'), undefined);
});
