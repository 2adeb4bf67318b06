// A minimal signed RPC client (V1, HMAC-SHA1, GET), for the testing helper's fixtures and for tests that
// must see an answer byte for byte: no SDK needed. It signs exactly as pop-core does.
import { randomUUID } from 'node:crypto';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { percentEncode } from '../protocol/percent-encode.js';
import { v1Sign, v1StringToSign } from '../protocol/signature-v1.js';

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

/** The VPC API's version; RAM's is 2015-05-01. */
export const VPC_VERSION = '2016-04-28';

/** A V1-signed GET URL for one call, with a fresh nonce and timestamp. */
export function signedUrl(
  endpoint: string,
  key: AccessKey,
  action: string,
  params: Record<string, string | number | boolean> = {},
  version = VPC_VERSION,
): string {
  const all = new Map<string, string>([
    ['Action', action],
    ['Version', version],
    ['Format', 'JSON'],
    ['AccessKeyId', key.accessKeyId],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['SignatureNonce', randomUUID()],
    ['Timestamp', new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ...Object.entries(params).map(([k, v]) => [k, String(v)] as [string, string]),
  ]);
  all.set('Signature', v1Sign(key.accessKeySecret, v1StringToSign('GET', all)));
  const query = [...all].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return `${endpoint.replace(/\/$/, '')}/?${query}`;
}

export interface RpcAnswer {
  status: number;
  /** The body as sent. */
  text: string;
  body: Record<string, unknown>;
}

/** How to reach the server: over HTTPS, the CA (PEM) its certificate chains to, where the system's do not know it. */
export interface Transport {
  ca?: string | Buffer;
}

/** One call; the answer whatever its status. */
export async function rawCall(
  endpoint: string,
  key: AccessKey,
  action: string,
  params: Record<string, string | number | boolean> = {},
  version = VPC_VERSION,
  transport: Transport = {},
): Promise<RpcAnswer> {
  const url = signedUrl(endpoint, key, action, params, version);
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = url.startsWith('https:') ? httpsGet(url, { ...(transport.ca && { ca: transport.ca }) }, resolve) : httpGet(url, resolve);
    req.on('error', reject);
  });
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return { status: res.statusCode ?? 0, text, body: JSON.parse(text) as Record<string, unknown> };
}

/** An error answer of the API, in Alibaba's envelope. */
export class RpcCallError extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly code: string,
    readonly body: Record<string, unknown>,
  ) {
    super(`${action}: ${code} (HTTP ${status}): ${String(body.Message ?? '')}`);
    this.name = 'RpcCallError';
  }
}

/** One call; its body on success, RpcCallError otherwise. */
export async function call(
  endpoint: string,
  key: AccessKey,
  action: string,
  params: Record<string, string | number | boolean> = {},
  version = VPC_VERSION,
  transport: Transport = {},
): Promise<Record<string, unknown>> {
  const a = await rawCall(endpoint, key, action, params, version, transport);
  if (a.status !== 200) throw new RpcCallError(action, a.status, String(a.body.Code ?? ''), a.body);
  return a.body;
}
