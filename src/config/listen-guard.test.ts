import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBoundAddress, checkListenHost, isLoopbackAddress, type Lookup } from './listen-guard.js';
import { ConfigError, resolveServerConfig } from './server-config.js';

const ROOT = {
  VBRD_ACCOUNT_ID: '1234567890123456',
  VBRD_ACCESS_KEY_ID: 'LTAI5tRootKeyForTests',
  VBRD_ACCESS_KEY_SECRET: 'root-secret-for-tests',
};
const config = (host: string, env: Record<string, string> = {}, args: string[] = []) => resolveServerConfig(['--host', host, ...args], env);
/** A resolver that knows only these names. */
const names =
  (table: Record<string, string[]>): Lookup =>
  async (host) => {
    const found = table[host];
    if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return found;
  };
const dns = names({
  '127.attacker.example': ['203.0.113.7'],
  localhost: ['127.0.0.1', '::1'],
  'half.example': ['127.0.0.1', '198.51.100.1'],
  'vbrd.internal': ['10.0.0.5'],
});

test('loopback addresses are 127.0.0.0/8 and ::1, IPv4-mapped included; names and other addresses are not', () => {
  for (const a of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(a), a);
  for (const a of ['0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', '127.attacker.example', 'localhost', ''])
    assert.ok(!isLoopbackAddress(a), a);
});

test('development credentials: a host is resolved and every address it names must be loopback', async () => {
  await checkListenHost(config('127.0.0.1'), dns);
  await checkListenHost(config('::1'), dns);
  await checkListenHost(config('localhost'), dns);
  for (const host of ['127.attacker.example', 'half.example', '0.0.0.0', '10.0.0.5']) {
    await assert.rejects(checkListenHost(config(host), dns), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, new RegExp(`^refusing to listen on ${host.replace(/\./g, '\\.')}.* with development credentials`));
      return true;
    });
  }
  await assert.rejects(checkListenHost(config('nowhere.example'), dns), /cannot resolve --host nowhere\.example: .*ENOTFOUND/);
  assert.throws(() => checkBoundAddress(config('localhost'), '203.0.113.7'), /refusing to listen on 203\.0\.113\.7 with development/);
  checkBoundAddress(config('localhost'), '::1');
});

test('plain HTTP elsewhere than loopback needs --insecure-http; TLS or loopback need nothing', async () => {
  await assert.rejects(
    checkListenHost(config('vbrd.internal', ROOT), dns),
    /refusing to listen on vbrd\.internal \(10\.0\.0\.5\) without TLS/,
  );
  await assert.rejects(
    checkListenHost(config('0.0.0.0', ROOT), dns),
    /^Error: refusing to listen on 0\.0\.0\.0 without TLS: give --tls-cert/,
  );
  await checkListenHost(config('0.0.0.0', ROOT, ['--insecure-http']), dns);
  await checkListenHost(config('0.0.0.0', { ...ROOT, VBRD_INSECURE_HTTP: 'true' }), dns);
  await checkListenHost(config('0.0.0.0', ROOT, ['--tls-cert', 'c.pem', '--tls-key', 'k.pem']), dns);
  await checkListenHost(config('127.0.0.1', ROOT), dns);
  // Development credentials stay loopback-only, TLS or not.
  await assert.rejects(checkListenHost(config('0.0.0.0', {}, ['--insecure-http']), dns), /with development credentials/);
});

test('--tls-cert and --tls-key come together, from flags or the environment', () => {
  assert.deepEqual(config('127.0.0.1', { VBRD_TLS_CERT: 'c.pem', VBRD_TLS_KEY: 'k.pem' }).tls, { certFile: 'c.pem', keyFile: 'k.pem' });
  assert.throws(() => config('127.0.0.1', {}, ['--tls-cert', 'c.pem']), /both --tls-cert and --tls-key/);
  assert.throws(() => config('127.0.0.1', { VBRD_INSECURE_HTTP: 'maybe' }), /--insecure-http takes no value/);
  assert.equal(config('127.0.0.1').insecureHttp, false);
});
