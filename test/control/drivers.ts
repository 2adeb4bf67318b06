// The control API two ways — over HTTP and through the library's methods — behind one interface, so
// every scenario (scenarios.ts) runs against both.
import type { RunningVbrd } from '../../src/library/index.js';
import { ControlError } from '../../src/library/index.js';

export type Driver = Pick<
  RunningVbrd,
  | 'reset'
  | 'snapshot'
  | 'restore'
  | 'inject'
  | 'faults'
  | 'removeFault'
  | 'clearFaults'
  | 'setSession'
  | 'flap'
  | 'setReceivedRoutes'
  | 'impairLink'
  | 'timings'
  | 'setTimings'
  | 'settle'
  | 'journal'
  | 'clearJournal'
  | 'metrics'
> & {
  /** The status a refused call got (400, 404…), from whichever way it went. */
  statusOf(p: Promise<unknown>): Promise<number>;
  /** Raw input (for bad-input tests): method, path under /_vbrd/, body as sent. */
  raw(method: string, path: string, body?: string): Promise<{ status: number; text: string }>;
};

export class HttpControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body}`);
  }
}

export function httpDriver(v: RunningVbrd, headers: Record<string, string> = {}): Driver {
  const raw = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${v.endpoint}/_vbrd/${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await raw(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (r.status >= 300) throw new HttpControlError(r.status, r.text);
    return (r.text === '' ? undefined : JSON.parse(r.text)) as T;
  };
  const q = (o: Record<string, unknown> = {}) => {
    const s = new URLSearchParams(Object.entries(o).flatMap(([k, x]) => (x === undefined ? [] : [[k, String(x)]]))).toString();
    return s ? `?${s}` : '';
  };
  return {
    raw,
    statusOf: async (p) => {
      try {
        await p;
      } catch (e) {
        if (e instanceof HttpControlError) return e.status;
        throw e;
      }
      throw new Error('expected the call to be refused');
    },
    reset: (o = {}) => json('POST', 'reset', o),
    snapshot: (o = {}) => json('GET', `state${q(o)}`),
    restore: (doc, o = {}) => json('PUT', `state${q(o)}`, doc),
    inject: (rule) => json('POST', 'faults', rule),
    faults: () => json('GET', 'faults'),
    removeFault: (id) => json('DELETE', `faults/${id}`),
    clearFaults: () => json('DELETE', 'faults'),
    setSession: (id, state) => json('PUT', `peers/${id}/session`, { state }),
    flap: (id, downMs) => json('POST', `peers/${id}/flap`, downMs === undefined ? {} : { downMs }),
    setReceivedRoutes: (id, prefixes) => json('PUT', `peers/${id}/routes`, { prefixes }),
    impairLink: (id, i) => json('PUT', `peers/${id}/link`, i),
    timings: () => json('GET', 'timings'),
    setTimings: (t) => json('PATCH', 'timings', t),
    settle: (o = {}) => json('POST', 'settle', o),
    journal: (f = {}) => json('GET', `journal${q(f as Record<string, unknown>)}`),
    clearJournal: () => json('DELETE', 'journal'),
    metrics: async () => (await raw('GET', 'metrics')).text,
  };
}

export function libraryDriver(v: RunningVbrd): Driver {
  return {
    reset: (o) => v.reset(o),
    snapshot: (o) => v.snapshot(o),
    restore: (d, o) => v.restore(d, o),
    inject: (r) => v.inject(r),
    faults: () => v.faults(),
    removeFault: (id) => v.removeFault(id),
    clearFaults: () => v.clearFaults(),
    setSession: (id, s) => v.setSession(id, s),
    flap: (id, ms) => v.flap(id, ms),
    setReceivedRoutes: (id, p) => v.setReceivedRoutes(id, p),
    impairLink: (id, i) => v.impairLink(id, i),
    timings: () => v.timings(),
    setTimings: (t) => v.setTimings(t),
    settle: (o) => v.settle(o),
    journal: (f) => v.journal(f),
    clearJournal: () => v.clearJournal(),
    metrics: () => v.metrics(),
    statusOf: async (p) => {
      try {
        await p;
      } catch (e) {
        if (e instanceof ControlError) return e.status;
        throw e;
      }
      throw new Error('expected the call to be refused');
    },
    // Bad input through the library: the same operations given what JSON could carry.
    raw: () => Promise.reject(new Error('raw HTTP is for the HTTP driver')),
  };
}
