// What authenticate asks of the nonce store, and what it makes of the answer: a nonce is kept until
// its request's own timestamp leaves the clock window (a replay carries the same timestamp), and a
// store that can remember no more nonces turns the request away for now, as ServiceUnavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StaticCredentials } from '../auth/principal.js';
import { isoSeconds } from '../domain/ids.js';
import { ApiError } from '../errors/api-error.js';
import type { NonceClaim } from '../store/store.js';
import { authenticate } from './authenticate.js';
import type { RpcRequest } from './request.js';
import { v1Sign, v1StringToSign } from './signature-v1.js';

const SKEW_S = 900;

function v1Request(timestamp: string): RpcRequest {
  const params = new Map([
    ['Action', 'DescribeRegions'],
    ['Version', '2016-04-28'],
    ['AccessKeyId', 'AK'],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['SignatureNonce', 'nonce-1'],
    ['Timestamp', timestamp],
  ]);
  params.set('Signature', v1Sign('secret', v1StringToSign('GET', params)));
  const query = [...params];
  return {
    requestId: 'R',
    method: 'GET',
    headers: {},
    query,
    form: [],
    body: Buffer.alloc(0),
    params,
    sourceIp: '127.0.0.1',
    secure: false,
    receivedAt: Date.now(),
  };
}

function deps(answer: NonceClaim, asked: number[]) {
  const credentials = new StaticCredentials();
  credentials.add('1000', 'AK', 'secret');
  return {
    credentials,
    maxClockSkewSeconds: SKEW_S,
    claimNonce: (_nonce: string, expiresAt: number) => {
      asked.push(expiresAt);
      return Promise.resolve(answer);
    },
  };
}

test('a nonce is kept until its request timestamp is out of the window, and a minute more', async () => {
  const signedAt = Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000;
  for (const at of [signedAt, signedAt + 10 * 60_000]) {
    const asked: number[] = [];
    await authenticate(v1Request(isoSeconds(at)), deps('claimed', asked));
    assert.deepEqual(asked, [at + SKEW_S * 1000 + 60_000]);
  }
});

test('a used nonce is SignatureNonceUsed; a full nonce store, ServiceUnavailable (503)', async () => {
  const timestamp = isoSeconds(Date.now());
  for (const [answer, code, status] of [
    ['used', 'SignatureNonceUsed', 400],
    ['full', 'ServiceUnavailable', 503],
  ] as const) {
    await assert.rejects(authenticate(v1Request(timestamp), deps(answer, [])), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, code);
      assert.equal(e.status, status);
      return true;
    });
  }
});
