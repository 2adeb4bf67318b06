// Signature, clock and replay checks for both signature versions. Order: which signature → its
// parts present → timestamp well-formed and fresh → AccessKey known and active → signature matches →
// nonce unused. The nonce is claimed only after the signature matched, so nobody can burn another
// caller's nonces. The two halves are apart (verifySignature, then claimNonce) so that a step between
// them (fault injection) can refuse a request without using its nonce up. A nonce longer than
// MAX_NONCE_LENGTH is refused before anything else is looked at, so that only nonces of bounded size
// are ever stored.
import { timingSafeEqual } from 'node:crypto';
import { apiError } from '../errors/catalogue.js';
import type { Credential, CredentialSource, Principal } from '../auth/principal.js';
import type { NonceClaim } from '../store/store.js';
import { header, type RpcRequest } from './request.js';
import { v1Sign, v1StringToSign } from './signature-v1.js';
import { parseV3Authorization, sha256Hex, V3_ALGORITHM, v3CanonicalRequest, v3Sign } from './signature-v3.js';

export interface AuthenticateDeps {
  credentials: CredentialSource;
  claimNonce(nonce: string, expiresAt: number): Promise<NonceClaim>;
  maxClockSkewSeconds: number;
}

export interface Authenticated {
  principal: Principal;
  signatureVersion: 'v1' | 'v3';
}

/** A request whose signature matched, its nonce not yet used up. */
export interface Verified extends Authenticated {
  nonce: string;
  signedAt: number;
}

/**
 * The longest signature nonce taken. Alibaba documents no limit; the SDKs send 32 (pop-core) or 64
 * (openapi-core) hex digits and the docs recommend a UUID (36): 128 leaves room for any client and
 * keeps the replay table small (docs/behaviour.md).
 */
export const MAX_NONCE_LENGTH = 128;

function checkNonce(name: string, nonce: string): void {
  if (nonce.length > MAX_NONCE_LENGTH) {
    throw apiError('InvalidParameter', name, {
      message: `The specified parameter "${name}" is not valid: it is longer than ${MAX_NONCE_LENGTH} characters.`,
    });
  }
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

function parseTimestamp(s: string): number {
  const m = TIMESTAMP.exec(s);
  if (!m) throw apiError('InvalidTimeStamp.Format');
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw apiError('InvalidTimeStamp.Format');
  return t;
}

function equalStrings(a: string, b: string): boolean {
  const x = Buffer.from(a),
    y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function credentialFor(deps: AuthenticateDeps, accessKeyId: string): Promise<Credential> {
  const c = await deps.credentials.lookup(accessKeyId);
  if (!c) throw apiError('InvalidAccessKeyId.NotFound');
  if (!c.active) throw apiError('InvalidAccessKeyId.Inactive');
  return c;
}

function checkFresh(deps: AuthenticateDeps, t: number, now: number): void {
  if (Math.abs(now - t) > deps.maxClockSkewSeconds * 1000) throw apiError('InvalidTimeStamp.Expired');
}

/**
 * Use the nonce up. A replay carries the same signed timestamp, which the clock check refuses once it
 * is more than the allowed skew in the past: the nonce is kept until then, and a minute more, however
 * the clocks of the nodes that see the request differ.
 */
async function claim(deps: AuthenticateDeps, nonce: string, signedAt: number): Promise<void> {
  const claimed = await deps.claimNonce(nonce, signedAt + deps.maxClockSkewSeconds * 1000 + 60_000);
  if (claimed === 'used') throw apiError('SignatureNonceUsed');
  if (claimed === 'full') {
    throw apiError('ServiceUnavailable', undefined, {
      message:
        'The request has failed due to a temporary failure of the server: it holds as many unexpired signature nonces as it can. Retry shortly.',
    });
  }
}

export async function authenticate(req: RpcRequest, deps: AuthenticateDeps): Promise<Authenticated> {
  const v = await verifySignature(req, deps);
  await claimNonce(deps, v);
  return { principal: v.principal, signatureVersion: v.signatureVersion };
}

/** Every check but the nonce's: who signed, and that the signature and its timestamp hold. */
export function verifySignature(req: RpcRequest, deps: AuthenticateDeps): Promise<Verified> {
  const authorization = header(req, 'authorization');
  if (authorization.startsWith('ACS3-')) return verifyV3(req, authorization, deps);
  return verifyV1(req, deps);
}

/** Use the verified request's nonce up (SignatureNonceUsed when it was used already). */
export function claimNonce(deps: AuthenticateDeps, v: Verified): Promise<void> {
  return claim(deps, v.nonce, v.signedAt);
}

async function verifyV3(req: RpcRequest, authorization: string, deps: AuthenticateDeps): Promise<Verified> {
  const auth = parseV3Authorization(authorization);
  if (!auth) throw apiError('IncompleteSignature');
  if (auth.algorithm !== V3_ALGORITHM) throw apiError('InvalidSignatureMethod');
  for (const h of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!auth.signedHeaders.includes(h) || header(req, h) === '')
      throw apiError('IncompleteSignature', undefined, {
        message: `The request signature does not conform to Aliyun standards: header ${h} must be present and signed.`,
      });
  }
  checkNonce('x-acs-signature-nonce', header(req, 'x-acs-signature-nonce'));
  const signedAt = parseTimestamp(header(req, 'x-acs-date'));
  checkFresh(deps, signedAt, Date.now());
  const cred = await credentialFor(deps, auth.accessKeyId);
  const payloadHash = header(req, 'x-acs-content-sha256');
  if (payloadHash !== sha256Hex(req.body))
    throw apiError('SignatureDoesNotMatch', undefined, {
      message: 'Specified signature is not matched with our calculation: x-acs-content-sha256 does not match the body.',
    });
  const canonical = v3CanonicalRequest(req.method, req.query, (h) => header(req, h), auth.signedHeaders, payloadHash);
  if (!equalStrings(v3Sign(cred.secret, canonical), auth.signature.toLowerCase())) {
    throw apiError('SignatureDoesNotMatch', undefined, {
      message: `Specified signature is not matched with our calculation. server string to sign is:${canonical}`,
    });
  }
  return { principal: cred.principal, signatureVersion: 'v3', nonce: header(req, 'x-acs-signature-nonce'), signedAt };
}

async function verifyV1(req: RpcRequest, deps: AuthenticateDeps): Promise<Verified> {
  const p = req.params;
  for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp']) {
    if (!p.get(name)) throw apiError('MissingParameter', name);
  }
  checkNonce('SignatureNonce', p.get('SignatureNonce')!);
  const method = p.get('SignatureMethod');
  if (method === undefined) throw apiError('MissingParameter', 'SignatureMethod');
  if (method.toUpperCase() !== 'HMAC-SHA1') throw apiError('InvalidSignatureMethod');
  const signedAt = parseTimestamp(p.get('Timestamp')!);
  checkFresh(deps, signedAt, Date.now());
  const cred = await credentialFor(deps, p.get('AccessKeyId')!);
  const stringToSign = v1StringToSign(req.method, p);
  if (!equalStrings(v1Sign(cred.secret, stringToSign), p.get('Signature')!)) {
    throw apiError('SignatureDoesNotMatch', undefined, {
      message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    });
  }
  return { principal: cred.principal, signatureVersion: 'v1', nonce: p.get('SignatureNonce')!, signedAt };
}
