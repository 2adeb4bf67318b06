// ACS3-HMAC-SHA256 (the current SDK's default). The canonical request covers the URL query (not a
// form body, which is covered by its SHA-256 in x-acs-content-sha256) and exactly the headers the
// client listed in SignedHeaders, with the Host header as received.
import { createHmac, hash } from 'node:crypto';
import { percentEncode } from './percent-encode.js';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface V3Authorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parse `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined when malformed. */
export function parseV3Authorization(header: string): V3Authorization | undefined {
  const text = header.trim();
  const space = text.search(/\s/);
  if (space <= 0) return undefined;
  let accessKeyId = '';
  let signedHeaders = '';
  let signature = '';
  for (const part of text.slice(space + 1).split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const value = part.slice(i + 1).trim();
    switch (part.slice(0, i).trim()) {
      case 'Credential':
        accessKeyId = value;
        break;
      case 'SignedHeaders':
        signedHeaders = value;
        break;
      case 'Signature':
        signature = value;
        break;
    }
  }
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return {
    algorithm: text.slice(0, space),
    accessKeyId,
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature,
  };
}

export function v3CanonicalRequest(
  method: string,
  query: ReadonlyArray<readonly [string, string]>,
  headerValue: (name: string) => string,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  const q = [...query]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  const names = [...signedHeaders].sort();
  const headers = names.map((h) => `${h}:${headerValue(h).trim()}\n`).join('');
  return [method.toUpperCase(), '/', q, headers, names.join(';'), payloadHash].join('\n');
}

const EMPTY_SHA256 = hash('sha256', '');

/** One-shot hashing (crypto.hash, Node 20.12+): no Hash object to build per call. */
export function sha256Hex(data: string | Buffer): string {
  // Most RPC calls put their parameters in the query and send no body.
  if (data.length === 0) return EMPTY_SHA256;
  return hash('sha256', data);
}

export function v3Sign(secret: string, canonicalRequest: string): string {
  return createHmac('sha256', secret)
    .update(`${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`)
    .digest('hex');
}
