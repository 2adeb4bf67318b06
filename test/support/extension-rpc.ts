// Calls vbrd's own signed read actions at /_vbrd/api (the console's history and audit reads), signed
// with ACS3-HMAC-SHA256 as the SDKs sign calls to `/`.
import { randomUUID } from 'node:crypto';
import { percentEncode } from '../../src/protocol/percent-encode.js';
import { sha256Hex, v3CanonicalRequest, v3Sign, V3_ALGORITHM } from '../../src/protocol/signature-v3.js';

export interface ExtensionAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function callExtension(
  endpoint: string,
  key: { accessKeyId: string; accessKeySecret: string },
  action: string,
  params: Record<string, string>,
  path = '/_vbrd/api',
): Promise<ExtensionAnswer> {
  const query = Object.entries(params);
  const empty = sha256Hex('');
  const headers: Record<string, string> = {
    host: endpoint,
    'x-acs-action': action,
    'x-acs-version': '2016-04-28',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': empty,
  };
  const signed = Object.keys(headers).sort();
  const canonical = v3CanonicalRequest('POST', query, (h) => headers[h] ?? '', signed, empty);
  headers.authorization = `${V3_ALGORITHM} Credential=${key.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${v3Sign(key.accessKeySecret, canonical)}`;
  const qs = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const res = await fetch(`http://${endpoint}${path}?${qs}`, { method: 'POST', headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
