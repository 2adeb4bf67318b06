// How the provider's Go libraries turn a request map into bytes: tea-rpc-utils' Query (flattening
// a map[string]interface{} into Key.N / Key.Sub form) and Go's url.QueryEscape / url.Values.Encode,
// which the tea SDK uses for the query string, the form body and the V1 string to sign.

/** A value in one of the provider's request maps, as Go holds it before the SDK marshals it. */
export type GoValue = string | number | boolean | null | undefined | GoValue[] | { [key: string]: GoValue };

/** Go's fmt.Sprintf("%v") of a scalar after a JSON round trip with UseNumber: ints print as decimal text. */
function scalarText(v: string | number | boolean): string {
  if (typeof v === 'number' && !Number.isInteger(v)) throw new Error(`the provider sends no fractional numbers (got ${v})`);
  return String(v);
}

function flattenInto(out: Map<string, string>, prefix: string, v: GoValue): void {
  if (v === null || v === undefined) return; // nil values are dropped
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const key = `${prefix}.${i + 1}`;
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) flattenInto(out, key, item);
      else if (item !== null && item !== undefined) out.set(key, Array.isArray(item) ? `[${item.join(' ')}]` : scalarText(item));
    });
    return;
  }
  if (typeof v === 'object') {
    for (const [k, sub] of Object.entries(v)) flattenInto(out, prefix === '' ? k : `${prefix}.${k}`, sub);
    return;
  }
  out.set(prefix, scalarText(v));
}

/** tea-rpc-utils Query: lists become Name.1, Name.2 …; maps Name.Key; empty strings stay (Name=); nil is dropped. */
export function flatten(params: Record<string, GoValue> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (params) for (const [k, v] of Object.entries(params)) flattenInto(out, k, v);
  return out;
}

/** Go's url.QueryEscape: keep A-Z a-z 0-9 - _ . ~, space becomes +, everything else %XX of its UTF-8 bytes. */
export function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** Go's url.Values.Encode for single-valued keys: sorted by key, k=v joined with &. */
export function goValuesEncode(params: ReadonlyMap<string, string>): string {
  return [...params.keys()]
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map((k) => `${goQueryEscape(k)}=${goQueryEscape(params.get(k)!)}`)
    .join('&');
}

/** tea-rpc-utils buildRpcStringToSignV1: the encoded, sorted parameters with the RPC replacements, escaped once more. */
export function stringToSignV1(method: string, signed: ReadonlyMap<string, string>): string {
  const canonical = goValuesEncode(signed).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  return `${method}&%2F&${goQueryEscape(canonical)}`;
}
