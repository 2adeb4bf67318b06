// JSON text an action rendered itself, placed in a response body as a value. JSON.stringify of a
// DescribeBgpPeers page (about 5 KB) was a fifth of its cost, most of it V8 checking every character
// of every key and value for escapes; an action that knows which of its values can need escaping
// can write the rest as they are (bgp-peer.ts).

/** A value already in JSON. Serialized anywhere else, it still gives the right JSON (toJSON). */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** Nothing in these strings is escaped by JSON.stringify: they can go between quotes as they are. */
const PLAIN = /^[\w .:/@+-]*$/;

/** A string as a JSON string: as it is between quotes when nothing in it needs escaping. */
export function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** A response body as JSON, its RawJson values written as they are. */
export function stringifyBody(body: Record<string, unknown>): string {
  let raw = false;
  for (const key in body) if (body[key] instanceof RawJson) raw = true;
  if (!raw) return JSON.stringify(body);
  const parts: string[] = [];
  for (const key in body) {
    const v = body[key];
    const text = v instanceof RawJson ? v.text : (JSON.stringify(v) as string | undefined);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`); // as JSON.stringify leaves out undefined
  }
  return `{${parts.join(',')}}`;
}
