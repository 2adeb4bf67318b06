// ACS3-HMAC-SHA256, as vbrd (src/protocol/signature-v3.ts) and the SDKs sign: the canonical request
// covers the query and the listed headers; the secret only ever keys the HMAC (WebCrypto).
const enc = new TextEncoder();

export const ALGORITHM = 'ACS3-HMAC-SHA256';

/** RFC 3986: keep A-Z a-z 0-9 - _ . ~, encode everything else (space %20, * %2A). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(s: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', enc.encode(s)));
}

async function hmacHex(secret: string, s: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, enc.encode(s)));
}

export interface SignInput {
  accessKeyId: string;
  accessKeySecret: string;
  host: string;
  action: string;
  version: string;
  params: Record<string, string>;
  /** Fixed values for tests; fresh ones otherwise. */
  date?: string;
  nonce?: string;
}

/** The query string and headers of a POST with an empty body. */
export async function sign(i: SignInput): Promise<{ query: string; headers: Record<string, string> }> {
  const query = Object.entries(i.params)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  const payloadHash = await sha256Hex('');
  const headers: Record<string, string> = {
    host: i.host,
    'x-acs-action': i.action,
    'x-acs-version': i.version,
    'x-acs-date': i.date ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': i.nonce ?? crypto.randomUUID(),
    'x-acs-content-sha256': payloadHash,
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', query, names.map((h) => `${h}:${headers[h]!.trim()}\n`).join(''), names.join(';'), payloadHash].join(
    '\n',
  );
  const signature = await hmacHex(i.accessKeySecret, `${ALGORITHM}\n${await sha256Hex(canonical)}`);
  // The browser sets Host itself (to the same value); it may not be set by script.
  delete headers.host;
  headers.authorization = `${ALGORITHM} Credential=${i.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return { query, headers };
}
