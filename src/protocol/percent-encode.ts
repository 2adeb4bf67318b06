// RFC 3986 percent-encoding as both Alibaba signatures use it: keep A-Z a-z 0-9 - _ . ~, encode
// everything else as upper-case %XX of its UTF-8 bytes (space is %20, * is %2A).
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

export function percentEncode(s: string): string {
  // Most names and values need no encoding; testing for that is cheaper than encoding.
  if (UNRESERVED.test(s)) return s;
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
