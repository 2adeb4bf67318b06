// RFC 3986 percent-encoding as both Alibaba signatures use it: keep A-Z a-z 0-9 - _ . ~, encode
// everything else as upper-case %XX of its UTF-8 bytes (space is %20, * is %2A).
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
