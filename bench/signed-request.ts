// The request every vbrd bench cell sends: an RPC call signed with ACS3-HMAC-SHA256 as the SDK signs
// it, with the development root AccessKey. Apart from load.ts, which pins whatever imports it.
import { randomUUID } from 'node:crypto';
import { DEV_ROOT } from '../src/config/server-config.js';
import { percentEncode } from '../src/protocol/percent-encode.js';
import { sha256Hex, v3CanonicalRequest, v3Sign, V3_ALGORITHM } from '../src/protocol/signature-v3.js';
import type { Req } from './closed-loop.js';

const EMPTY_SHA = sha256Hex('');

/** A V3-signed RPC call (params in the query, empty body), fresh nonce and date each time. */
export function signedRequest(port: number, action: string, params: Record<string, string>): Req {
  const query = Object.entries(params);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    'x-acs-action': action,
    'x-acs-version': '2016-04-28',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': EMPTY_SHA,
  };
  const signed = Object.keys(headers).sort();
  const canonical = v3CanonicalRequest('POST', query, (h) => headers[h] ?? '', signed, EMPTY_SHA);
  headers.authorization = `${V3_ALGORITHM} Credential=${DEV_ROOT.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${v3Sign(DEV_ROOT.accessKeySecret, canonical)}`;
  const qs = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return { path: `/?${qs}`, headers };
}
