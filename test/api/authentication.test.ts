// Every refusal of the gateway's checks, over HTTP against a real server, each
// with the code and status Alibaba returns: the signature's parts, the clock, the AccessKey, the
// signature itself, the nonce, and actions that do not exist or that vbrd does not implement. The
// requests are put together by hand so that each can be wrong in exactly one way; the official
// SDKs' correct requests are everywhere else in the suite.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { isoSeconds } from '../../src/domain/ids.js';
import { MAX_NONCE_LENGTH } from '../../src/protocol/authenticate.js';
import { percentEncode } from '../../src/protocol/percent-encode.js';
import { v1Sign, v1StringToSign } from '../../src/protocol/signature-v1.js';
import { sha256Hex, v3CanonicalRequest, v3Sign } from '../../src/protocol/signature-v3.js';
import { startHarness, type Harness } from '../support/harness.js';

interface Answer {
  status: number;
  body: { Code?: string; Message?: string; RequestId?: string };
}

const MINUTE = 60_000;

function send(h: Harness, path: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  const [host, port] = h.endpoint.split(':');
  return new Promise((resolve, reject) => {
    request(
      { host, port: Number(port), method: 'POST', path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Answer['body'] }));
      },
    )
      .on('error', reject)
      .end(body);
  });
}

interface V3Parts {
  action?: string;
  query?: Record<string, string>;
  date?: string;
  nonce?: string;
  accessKeyId?: string;
  secret?: string;
  algorithm?: string;
  /** The signed header names; by default every x-acs header and host. */
  signedHeaders?: string[];
  /** The Host the client signs, where it differs from the one it sends. */
  signedHost?: string;
  /** The body's SHA-256 the client claims. */
  contentSha256?: string;
  body?: string;
  /** Replace the signature's last hex digit after signing. */
  tamper?: boolean;
}

/** A DescribeRegions (by default) signed with ACS3-HMAC-SHA256, wrong in the ways `o` names. */
function v3(h: Harness, o: V3Parts = {}): Promise<Answer> {
  const body = o.body ?? '';
  const headers: Record<string, string> = {
    host: h.endpoint,
    'x-acs-action': o.action ?? 'DescribeRegions',
    'x-acs-version': '2016-04-28',
    'x-acs-date': o.date ?? isoSeconds(Date.now()),
    'x-acs-signature-nonce': o.nonce ?? randomUUID(),
    'x-acs-content-sha256': o.contentSha256 ?? sha256Hex(body),
  };
  if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
  const signed =
    o.signedHeaders ??
    Object.keys(headers)
      .filter((k) => k === 'host' || k.startsWith('x-acs-'))
      .sort();
  const query = Object.entries(o.query ?? {});
  const canonical = v3CanonicalRequest(
    'POST',
    query,
    (name) => (name === 'host' && o.signedHost ? o.signedHost : (headers[name] ?? '')),
    signed,
    headers['x-acs-content-sha256'],
  );
  let signature = v3Sign(o.secret ?? h.accessKeySecret, canonical);
  if (o.tamper) signature = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
  headers.authorization = `${o.algorithm ?? 'ACS3-HMAC-SHA256'} Credential=${o.accessKeyId ?? h.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  const qs = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return send(h, `/?${qs}`, headers, body);
}

/**
 * A DescribeRegions signed with HMAC-SHA1 (SignatureVersion 1.0), its parameters overridden by `o`
 * (undefined leaves one out); in the query, or with `form` in the body.
 */
function v1(h: Harness, o: Record<string, string | undefined> = {}, secret = h.accessKeySecret, form = false): Promise<Answer> {
  const params: Record<string, string | undefined> = {
    Action: 'DescribeRegions',
    Version: '2016-04-28',
    Format: 'JSON',
    AccessKeyId: h.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: isoSeconds(Date.now()),
    ...o,
  };
  const present = new Map(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  if (!('Signature' in o)) present.set('Signature', v1Sign(secret, v1StringToSign('POST', present)));
  const encoded = String(new URLSearchParams([...present]));
  if (form) return send(h, '/', { 'content-type': 'application/x-www-form-urlencoded' }, encoded);
  return send(h, `/?${encoded}`, {});
}

function refused(a: Answer, code: string, status = 400): void {
  assert.equal(a.body.Code, code, a.body.Message);
  assert.equal(a.status, status);
  assert.match(a.body.RequestId ?? '', /^[0-9A-F-]{36}$/);
}

describe('the gateway refuses what it must', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('takes well-formed requests of both signatures (the checks below are not refusing everything)', async () => {
    assert.equal((await v3(h)).status, 200);
    assert.equal((await v3(h, { body: 'RegionId=cn-hangzhou' })).status, 200);
    assert.equal((await v1(h)).status, 200);
  });

  describe('V3 (ACS3-HMAC-SHA256)', () => {
    it('a timestamp more than 15 minutes off, either way, is expired; 14 minutes is not', async () => {
      refused(await v3(h, { date: isoSeconds(Date.now() - 16 * MINUTE) }), 'InvalidTimeStamp.Expired');
      refused(await v3(h, { date: isoSeconds(Date.now() + 16 * MINUTE) }), 'InvalidTimeStamp.Expired');
      assert.equal((await v3(h, { date: isoSeconds(Date.now() - 14 * MINUTE) })).status, 200);
    });

    it('a timestamp not in ISO 8601 UTC is malformed', async () => {
      for (const date of ['2026-12-07 18:00:00', '2026-12-07T18:00:00+08:00', 'yesterday', '2026-13-45T25:61:61Z']) {
        refused(await v3(h, { date }), 'InvalidTimeStamp.Format');
      }
    });

    it('a signature that does not match is refused: altered, with another secret, over another host or body', async () => {
      refused(await v3(h, { tamper: true }), 'SignatureDoesNotMatch');
      refused(await v3(h, { secret: 'not-the-secret' }), 'SignatureDoesNotMatch');
      refused(await v3(h, { signedHost: 'vpc.aliyuncs.com' }), 'SignatureDoesNotMatch');
      refused(await v3(h, { query: { RegionId: 'cn-hangzhou' }, tamper: true }), 'SignatureDoesNotMatch');
      const a = await v3(h, { body: 'RegionId=cn-hangzhou', contentSha256: sha256Hex('RegionId=cn-shanghai') });
      refused(a, 'SignatureDoesNotMatch');
      assert.match(a.body.Message ?? '', /x-acs-content-sha256/);
    });

    it('an unknown AccessKeyId is not found', async () => {
      refused(await v3(h, { accessKeyId: 'LTAI5tNoSuchKey' }), 'InvalidAccessKeyId.NotFound', 404);
    });

    it('a required header left out of SignedHeaders, or a malformed Authorization, is an incomplete signature', async () => {
      const a = await v3(h, { signedHeaders: ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-version'] });
      refused(a, 'IncompleteSignature');
      assert.match(a.body.Message ?? '', /x-acs-signature-nonce/);
      refused(
        await send(h, '/', {
          authorization: 'ACS3-HMAC-SHA256 Credential=only',
          'x-acs-action': 'DescribeRegions',
          'x-acs-version': '2016-04-28',
        }),
        'IncompleteSignature',
      );
    });

    it('another signing algorithm is not supported', async () => {
      refused(await v3(h, { algorithm: 'ACS3-HMAC-SM3' }), 'InvalidSignatureMethod');
    });

    it('a nonce is used once; a request refused for its signature does not use it up', async () => {
      const nonce = randomUUID();
      refused(await v3(h, { nonce, tamper: true }), 'SignatureDoesNotMatch');
      assert.equal((await v3(h, { nonce })).status, 200);
      refused(await v3(h, { nonce }), 'SignatureNonceUsed');
    });
  });

  describe('V1 (HMAC-SHA1)', () => {
    it('a timestamp more than 15 minutes off is expired; one not in ISO 8601 UTC is malformed', async () => {
      refused(await v1(h, { Timestamp: isoSeconds(Date.now() - 16 * MINUTE) }), 'InvalidTimeStamp.Expired');
      refused(await v1(h, { Timestamp: '2026/12/07 18:00:00' }), 'InvalidTimeStamp.Format');
    });

    it('each signing parameter is mandatory', async () => {
      for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp', 'SignatureMethod']) {
        const a = await v1(h, { [name]: undefined });
        refused(a, 'MissingParameter');
        assert.match(a.body.Message ?? '', new RegExp(`'${name}'`));
      }
    });

    it('a signature that does not match, or another method, is refused', async () => {
      refused(await v1(h, {}, 'not-the-secret'), 'SignatureDoesNotMatch');
      refused(await v1(h, { SignatureMethod: 'HMAC-SHA256' }), 'InvalidSignatureMethod');
      refused(await v1(h, { AccessKeyId: 'LTAI5tNoSuchKey' }), 'InvalidAccessKeyId.NotFound', 404);
    });

    it('a nonce is used once', async () => {
      const nonce = randomUUID();
      assert.equal((await v1(h, { SignatureNonce: nonce })).status, 200);
      refused(await v1(h, { SignatureNonce: nonce }), 'SignatureNonceUsed');
    });
  });

  describe('the nonce is bounded before it is stored', () => {
    const nonces = async () => (await h.vbrd.store.tableSizes()).nonces;

    it(`takes a nonce of ${MAX_NONCE_LENGTH} characters and refuses a longer one, V3 and V1, storing nothing of it`, async () => {
      const longest = 'n'.repeat(MAX_NONCE_LENGTH - 2);
      assert.equal((await v3(h, { nonce: `3-${longest}` })).status, 200);
      assert.equal((await v1(h, { SignatureNonce: `1-${longest}` })).status, 200);
      const before = await nonces();
      const a = await v3(h, { nonce: 'x'.repeat(MAX_NONCE_LENGTH + 1) });
      refused(a, 'InvalidParameter');
      assert.match(a.body.Message ?? '', /x-acs-signature-nonce/);
      const b = await v1(h, { SignatureNonce: 'x'.repeat(MAX_NONCE_LENGTH + 1) });
      refused(b, 'InvalidParameter');
      assert.match(b.body.Message ?? '', /SignatureNonce/);
      // 900,000 characters, as in the form body a 1 MiB limit lets through, correctly signed.
      refused(await v1(h, { SignatureNonce: 'y'.repeat(900_000) }, h.accessKeySecret, true), 'InvalidParameter');
      assert.equal(await nonces(), before);
    });
  });

  describe('actions', () => {
    it('an action the API does not have is not found; a VPC action outside vbrd says it is not implemented', async () => {
      refused(await v3(h, { action: 'DescribeNothing' }), 'InvalidAction.NotFound', 404);
      const a = await v3(h, { action: 'CreateVpc' });
      refused(a, 'UnsupportedOperation');
      assert.match(a.body.Message ?? '', /CreateVpc/);
      refused(await v1(h, { Action: 'DescribeVpcs' }), 'UnsupportedOperation');
    });
  });
});
