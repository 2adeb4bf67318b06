import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, maskedParameters, MASK } from './journal.js';
import type { RpcRequest } from '../protocol/request.js';

test('secrets are masked by name, nested ones too; the rest is shown as sent', () => {
  const p = new Map([
    ['AccessKeySecret', 's'],
    ['AuthKey', 'k'],
    ['Signature', 'sig'],
    ['SignatureNonce', 'n'],
    ['NewPassword', 'p'],
    ['Peers.1.AuthKey', 'k2'],
    ['PeerAsn', '65001'],
  ]);
  assert.deepEqual(maskedParameters(p), {
    AccessKeySecret: MASK,
    AuthKey: MASK,
    Signature: MASK,
    SignatureNonce: 'n',
    NewPassword: MASK,
    'Peers.1.AuthKey': MASK,
    PeerAsn: '65001',
  });
});

test('a ring of N keeps the latest N requests, oldest first', () => {
  const j = new Journal(3);
  for (let i = 0; i < 5; i++) {
    const req = { requestId: `R${i}`, receivedAt: i, params: new Map([['Action', 'A']]), headers: {} } as unknown as RpcRequest;
    j.record(req, { status: 200, body: {}, code: 'OK', action: 'A' }, 1);
  }
  assert.deepEqual(
    j.read().map((e) => e.requestId),
    ['R2', 'R3', 'R4'],
  );
  assert.equal(new Journal(0).read().length, 0);
});
