// Legacy signature (SignatureVersion 1.0, HMAC-SHA1) over every parameter of query ∪ form body.
import { createHmac } from 'node:crypto';
import { percentEncode } from './percent-encode.js';

export function v1StringToSign(method: string, params: ReadonlyMap<string, string>): string {
  const names = [...params.keys()].filter((k) => k !== 'Signature').sort();
  const canonical = names.map((k) => `${percentEncode(k)}=${percentEncode(params.get(k)!)}`).join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function v1Sign(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret + '&')
    .update(stringToSign)
    .digest('base64');
}
