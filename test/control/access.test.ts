// The control API's access rule on a real socket: open to loopback callers by default, refused to any
// other caller unless VBRD_ADMIN_TOKEN is set (then only with that bearer token), off with --control off;
// the health endpoint open to all; every refusal in the audit trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { startVbrd, type RunningVbrd } from '../../src/library/index.js';
import { admit, isLoopbackAddress } from '../../src/control/access.js';

const ROOT = {
  VBRD_ACCOUNT_ID: '1000000000000009',
  VBRD_ACCESS_KEY_ID: 'LTAIaccessTestKey0009',
  VBRD_ACCESS_KEY_SECRET: 'access-test-secret-0009',
};
const TOKEN = 'an-admin-token-of-some-length';

/** This machine's first address that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
}

const get = async (v: RunningVbrd, host: string, path: string, headers: Record<string, string> = {}) =>
  (await fetch(`http://${host}:${v.port}/_vbrd/${path}`, { headers })).status;

test('the access rule: loopback only without a token; with one, its bearer token from anywhere; off means off', () => {
  const call = (remoteAddress: string, authorization = '') => ({ remoteAddress, localAddress: '127.0.0.1', authorization });
  assert.equal(admit({ enabled: true }, call('127.0.0.1')), 'loopback');
  assert.equal(admit({ enabled: true }, call('::ffff:127.0.0.5')), 'loopback');
  assert.throws(() => admit({ enabled: true }, call('192.0.2.7')), { status: 403 });
  assert.throws(() => admit({ enabled: true }, { remoteAddress: '127.0.0.1', localAddress: '192.0.2.1', authorization: '' }), {
    status: 403,
  });
  assert.throws(() => admit({ enabled: true, token: TOKEN }, call('127.0.0.1')), { status: 401 });
  assert.throws(() => admit({ enabled: true, token: TOKEN }, call('192.0.2.7', 'Bearer wrong')), { status: 401 });
  assert.equal(admit({ enabled: true, token: TOKEN }, call('192.0.2.7', `Bearer ${TOKEN}`)), 'token');
  assert.throws(() => admit({ enabled: false, token: TOKEN }, call('127.0.0.1', `Bearer ${TOKEN}`)), { status: 403 });
  assert.ok(!isLoopbackAddress('128.0.0.1') && isLoopbackAddress('::1'));
});

test('over a real non-loopback address: refused without the token, served with it; health always', async (t) => {
  const ip = externalAddress();
  if (!ip) {
    if (process.env.CI === 'true') assert.fail('CI machines have a non-loopback address');
    t.skip('this machine has no non-loopback IPv4 address');
    return;
  }
  const open = await startVbrd({ host: '0.0.0.0', env: ROOT, args: ['--insecure-http'] });
  try {
    assert.equal(await get(open, ip, 'journal'), 403);
    assert.equal(await get(open, ip, 'metrics'), 403);
    assert.equal(await get(open, ip, 'health'), 200);
    assert.equal(await get(open, '127.0.0.1', 'journal'), 200, 'loopback is open by default');
    const refused = await open.server.store.listAudit({ action: 'vbrd:Refused' });
    assert.ok(refused.some((a) => a.sourceIp === ip && a.code === 'Forbidden' && a.decision === 'ImplicitDeny'));
  } finally {
    await open.close();
  }
  const guarded = await startVbrd({ host: '0.0.0.0', env: { ...ROOT, VBRD_ADMIN_TOKEN: TOKEN }, args: ['--insecure-http'] });
  try {
    assert.equal(await get(guarded, ip, 'journal'), 401);
    assert.equal(await get(guarded, '127.0.0.1', 'journal'), 401, 'with a token set, loopback needs it too');
    assert.equal(await get(guarded, ip, 'journal', { authorization: 'Bearer not-the-token' }), 401);
    assert.equal(await get(guarded, ip, 'journal', { authorization: `Bearer ${TOKEN}` }), 200);
    assert.equal(await get(guarded, ip, 'metrics', { authorization: `Bearer ${TOKEN}` }), 200);
  } finally {
    await guarded.close();
  }
});

test('--control off: every control path and the metrics are refused, health still answers', async () => {
  const off = await startVbrd({ args: ['--control', 'off'] });
  try {
    for (const path of ['journal', 'metrics', 'faults', 'timings']) assert.equal(await get(off, '127.0.0.1', path), 403, path);
    assert.equal((await fetch(`${off.endpoint}/_vbrd/reset`, { method: 'POST' })).status, 403);
    assert.equal(await get(off, '127.0.0.1', 'health'), 200);
  } finally {
    await off.close();
  }
});
