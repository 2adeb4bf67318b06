// Sealing of AccessKey secrets and where the key comes from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, seal } from '../../src/auth/ram/secret-box.js';
import { secretKey, SecretKeyError } from '../../src/auth/ram/secret-key.js';

test('a sealed secret opens only under its key and for its AccessKeyId, and not after tampering', () => {
  const key = randomBytes(32);
  const sealed = seal(key, 's3cret-value', 'LTAI5tKeyOne');
  assert.ok(!sealed.includes('s3cret-value'));
  assert.notEqual(seal(key, 's3cret-value', 'LTAI5tKeyOne'), sealed, 'a fresh IV each time');
  assert.equal(open(key, sealed, 'LTAI5tKeyOne'), 's3cret-value');
  assert.equal(open(randomBytes(32), sealed, 'LTAI5tKeyOne'), undefined);
  assert.equal(open(key, sealed, 'LTAI5tKeyTwo'), undefined);
  const raw = Buffer.from(sealed.slice(3), 'base64');
  raw[raw.length - 1] ^= 1;
  assert.equal(open(key, `v1:${raw.toString('base64')}`, 'LTAI5tKeyOne'), undefined);
  assert.equal(open(key, 'v9:abc', 'LTAI5tKeyOne'), undefined);
});

test('the key file is generated once with mode 0600 and reused; a readable one is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-key-'));
  const k1 = secretKey(dir, {});
  assert.equal(k1.length, 32);
  assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
  assert.equal(secretKey(dir, {}), k1);
  const other = mkdtempSync(join(tmpdir(), 'vbrd-key-'));
  assert.notDeepEqual(secretKey(other, {}), k1, 'each data directory gets its own key');
  const leaky = mkdtempSync(join(tmpdir(), 'vbrd-key-'));
  // Fresh directory, file made readable before vbrd first reads it.
  writeFileSync(join(leaky, 'secret.key'), randomBytes(32).toString('base64'));
  chmodSync(join(leaky, 'secret.key'), 0o644);
  assert.throws(() => secretKey(leaky, {}), SecretKeyError);
});

test('VBRD_SECRET_KEY takes precedence and must be 32 bytes in hex or base64', () => {
  const hex = randomBytes(32).toString('hex');
  assert.deepEqual(secretKey('/nonexistent-dir', { VBRD_SECRET_KEY: hex }), Buffer.from(hex, 'hex'));
  const b64 = randomBytes(32).toString('base64');
  assert.deepEqual(secretKey('/nonexistent-dir', { VBRD_SECRET_KEY: b64 }), Buffer.from(b64, 'base64'));
  assert.throws(() => secretKey('/nonexistent-dir', { VBRD_SECRET_KEY: 'too-short' }), SecretKeyError);
});
