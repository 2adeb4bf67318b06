// The control API's input checks: every field of a request body or query named and typed, so bad
// input gets a 400 that says what is wrong, before anything changes.

/** What the control API answers with a 4xx: its status, a short code and a sentence. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export const badInput = (message: string) => new ControlError(400, 'InvalidInput', message);

export type Json = Record<string, unknown>;

/** A JSON object, or a 400. */
export function asObject(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badInput(`${what} must be a JSON object`);
  return value as Json;
}

/** Parses a body of JSON (empty: {}). */
export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badInput(`the body is not JSON: ${(e as Error).message}`);
  }
}

/** Refuses fields not in `known` (a misspelt field would otherwise be ignored silently). */
export function onlyFields(o: Json, known: readonly string[], what: string): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) throw badInput(`${what}: unknown field "${k}" (known: ${known.join(', ')})`);
}

export function optString(o: Json, k: string, opts: { max?: number; pattern?: RegExp } = {}): string | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw badInput(`${k} must be a non-empty string`);
  if (v.length > (opts.max ?? 256)) throw badInput(`${k} must be at most ${opts.max ?? 256} characters`);
  if (opts.pattern && !opts.pattern.test(v)) throw badInput(`${k} "${v}" is not valid`);
  return v;
}

export function optNumber(o: Json, k: string, min: number, max: number, integer = true): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max)
    throw badInput(`${k} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  return v;
}

/** A query parameter as a number, or a 400. */
export function queryNumber(q: URLSearchParams, k: string, min: number, max: number): number | undefined {
  const v = q.get(k);
  if (v === null) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw badInput(`${k} must be a whole number from ${min} to ${max}`);
  return n;
}

/** An account id as vbrd keeps them: digits. */
export const ACCOUNT_ID = /^\d{1,20}$/;
