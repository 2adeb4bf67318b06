// The provider's helpers (alicloud/common.go, alicloud/errors.go) and the Terraform plugin SDK v1
// machinery they run on (helper/resource: Retry, StateChangeConf), with every duration divided by
// TIME_SCALE so that a walk the provider takes in minutes takes the suite milliseconds.
import { randomUUID } from 'node:crypto';
import { goSprint, SdkError } from './rpc-client.js';

/** Provider and SDK durations are divided by this (3 s → 30 ms, a 5-minute timeout → 3 s). */
export const TIME_SCALE = 100;
export const SECOND = 1000 / TIME_SCALE;
export const MINUTE = 60 * SECOND;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** alicloud/common.go buildClientToken: "TF-<Action>-<unix seconds>-<uuid>", cut to its first 64 characters. */
export function buildClientToken(action: string, now = Date.now()): string {
  const token = `TF-${action}-${Math.floor(now / 1000)}-${randomUUID()}`.trim();
  return token.length > 64 ? token.slice(0, 64) : token;
}

/** The provider's own "not found" (NotFoundErr wrapped with NotFoundMsg / NotFoundWithResponse): its text starts with ResourceNotfound. */
export class ProviderNotFound extends Error {
  constructor(what: string, id: string) {
    super(`ResourceNotfound: The specified ${what} ${id} is not found.`);
  }
}

/** What a Go panic in the provider would be (formatInt of a bool, an unchecked type assertion): Terraform reports a crash. */
export class ProviderPanic extends Error {}

/** Any other error the provider raises itself (jsonpath on a missing key, a wait that timed out, a data source's d.Set). */
export class ProviderError extends Error {}

/** errors.go NeedRetry for the error types RpcPost produces. */
export function needRetry(err: unknown): boolean {
  if (err === null || err === undefined) return false;
  if (err instanceof Error && /^Post "*https:\/\//.test(err.message)) return true;
  if (!(err instanceof SdkError)) return false;
  if (err.sdkMessage.includes('code: 500, 您已开通过')) return false;
  if (err.sdkMessage.includes('Client.Timeout')) return true;
  return (
    err.code === 'ServiceUnavailable' ||
    err.code === 'Rejected.Throttling' ||
    /Throttling/.test(err.code) ||
    /^code: 5\d{2}/.test(err.sdkMessage)
  );
}

/** errors.go NotFoundError: the provider's own not-found, or an API error with HTTP 404 or "NotFound" in its message (the code is not looked at). */
export function notFoundError(err: unknown): boolean {
  if (err instanceof ProviderNotFound) return true;
  if (err instanceof SdkError) return err.statusCode === 404 || /NotFound/.test(err.sdkMessage);
  return false;
}

/** errors.go IsExpectedErrors: the code equals one listed, or is a prefix of one, or the serialised body contains one. */
export function isExpectedErrors(err: unknown, codes: string[]): boolean {
  if (!(err instanceof SdkError)) return false;
  return codes.some((c) => err.code === c || c.startsWith(err.code) || err.data.includes(c));
}

/** common.go incrementalWait(first, step): the first call sleeps `first`, every later one `step`. */
export function incrementalWait(firstMs: number, stepMs: number): () => Promise<void> {
  let calls = 0;
  return () => sleep(calls++ === 0 ? firstMs : stepMs);
}

/** The error resource.Retry / WaitForState give up with when time runs out. */
export class TimeoutError extends ProviderError {}

export type RefreshResult = { result: 'nil' } | { result: 'object'; state: string };
export type RefreshFunc = () => Promise<RefreshResult>;

/**
 * helper/resource StateChangeConf.WaitForState (SDK v1): sleep Delay, refresh at once, then wait
 * 100 ms doubled and bounded by [MinTimeout, 10 s] between refreshes. A nil result is "not found":
 * with an empty Target that is success, otherwise NotFoundChecks (20) in a row fail the wait. With an
 * empty Pending list any state outside Target just keeps polling. A refresh error ends the wait.
 */
export async function waitForState(conf: {
  pending: string[];
  target: string[];
  timeoutMs: number;
  delayMs: number;
  minTimeoutMs: number;
  refresh: RefreshFunc;
  notFoundChecks?: number;
}): Promise<RefreshResult> {
  const deadline = Date.now() + conf.timeoutMs;
  const notFoundChecks = conf.notFoundChecks ?? 20;
  let notFound = 0;
  let wait = 0;
  let last: RefreshResult = { result: 'nil' };
  await sleep(conf.delayMs);
  for (;;) {
    if (Date.now() > deadline)
      throw new TimeoutError(
        `timeout while waiting for state to become '${conf.target.join(', ')}' (last state: '${last.result === 'object' ? last.state : 'not found'}')`,
      );
    await sleep(wait);
    if (wait === 0) wait = 100 / TIME_SCALE;
    last = await conf.refresh();
    if (last.result === 'nil' && conf.target.length === 0) return last;
    if (last.result === 'nil') {
      if (++notFound > notFoundChecks) throw new ProviderError(`couldn't find resource (${notFound} retries)`);
    } else {
      notFound = 0;
      if (conf.target.includes(last.state)) return last;
      if (!conf.pending.includes(last.state) && conf.pending.length > 0)
        throw new ProviderError(`unexpected state '${last.state}', wanted target '${conf.target.join(', ')}'`);
    }
    wait *= 2;
    if (wait < conf.minTimeoutMs) wait = conf.minTimeoutMs;
    else if (wait > 10 * SECOND) wait = 10 * SECOND;
  }
}

/** common.go BuildStateConf: Pending and Target as given, MinTimeout 3 s. */
export function buildStateConf(pending: string[], target: string[], timeoutMs: number, delayMs: number, refresh: RefreshFunc) {
  return { wait: () => waitForState({ pending, target, timeoutMs, delayMs, minTimeoutMs: 3 * SECOND, refresh }) };
}

/** resource.RetryableError / NonRetryableError. */
export class Retryable {
  constructor(readonly err: unknown) {}
}
export class NonRetryable {
  constructor(readonly err: unknown) {}
}
export type RetryOutcome = Retryable | NonRetryable | undefined;

/** helper/resource Retry: a StateChangeConf (MinTimeout 500 ms) that repeats f while it returns a retryable error; on timeout, the last error. */
export async function retry(timeoutMs: number, f: () => Promise<RetryOutcome>): Promise<void> {
  let lastErr: unknown;
  try {
    await waitForState({
      pending: ['retryableerror'],
      target: ['success'],
      timeoutMs,
      delayMs: 0,
      minTimeoutMs: 500 / TIME_SCALE,
      refresh: async () => {
        const r = await f();
        if (r === undefined) return { result: 'object', state: 'success' };
        if (r instanceof Retryable) {
          lastErr = r.err;
          return { result: 'object', state: 'retryableerror' };
        }
        throw new NonRetryableWrapper(r.err);
      },
    });
  } catch (e) {
    if (e instanceof NonRetryableWrapper) throw e.err;
    if (e instanceof TimeoutError && lastErr !== undefined) throw lastErr;
    throw e;
  }
}

class NonRetryableWrapper extends Error {
  constructor(readonly err: unknown) {
    super('non-retryable');
  }
}

/**
 * The loop nearly every provider call sits in: RpcPost inside resource.Retry, retried with the wait
 * when NeedRetry or one of `codes` (IsExpectedErrors) says so. `before` runs before each try (some
 * calls make a new ClientToken for every try), `after` after each.
 */
export async function callWithRetry<T>(
  timeoutMs: number,
  wait: () => Promise<void>,
  call: () => Promise<T>,
  opts: { retryCodes?: string[]; after?: () => void } = {},
): Promise<T> {
  let response: T | undefined;
  await retry(timeoutMs, async () => {
    try {
      response = await call();
      opts.after?.();
      return undefined;
    } catch (e) {
      opts.after?.();
      if (needRetry(e) || (opts.retryCodes !== undefined && isExpectedErrors(e, opts.retryCodes))) {
        await wait();
        return new Retryable(e);
      }
      return new NonRetryable(e);
    }
  });
  return response as T;
}

/** common.go formatInt: nil → 0; numbers; numeric strings ("" → 0); anything else panics. */
export function formatInt(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new ProviderPanic(`formatInt: strconv.Atoi of ${v}`);
    return v;
  }
  if (typeof v === 'string') {
    if (v === '') return 0;
    if (!/^[+-]?\d+$/.test(v)) throw new ProviderPanic(`formatInt: strconv.Atoi: parsing "${v}": invalid syntax`);
    return Number(v);
  }
  throw new ProviderPanic(`formatInt: unsupported type ${typeof v}`);
}

/** common.go formatBool: nil → false; bools; strings through strconv.ParseBool; anything else panics. */
export function formatBool(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (v === '') return false;
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
    throw new ProviderPanic(`formatBool: strconv.ParseBool: parsing "${v}": invalid syntax`);
  }
  throw new ProviderPanic(`formatBool: unsupported type ${typeof v}`);
}

/** PaesslerAG/jsonpath.Get for the dotted paths the provider uses ($.A.B, $.A.B[*], $.A[*].B.C[*]): a missing key is an error. */
export function jsonpathGet(path: string, doc: unknown): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean);
  let values: unknown[] = [doc];
  let multi = false;
  for (const raw of steps) {
    const star = raw.endsWith('[*]');
    const key = star ? raw.slice(0, -3) : raw;
    const next: unknown[] = [];
    for (const v of values) {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !(key in v)) {
        if (multi) continue;
        throw new ProviderError(`unknown key ${key}`);
      }
      const got = (v as Record<string, unknown>)[key];
      if (star) {
        if (!Array.isArray(got)) {
          if (multi) continue;
          throw new ProviderError(`${key} is not an array`);
        }
        next.push(...got);
      } else next.push(got);
    }
    values = next;
    if (star) multi = true;
  }
  return multi ? values : values[0];
}

export { goSprint };
