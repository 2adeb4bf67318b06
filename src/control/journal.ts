// The request journal: the last N API requests, so a test can assert what its code sent. A ring
// buffer of small records, written on every request's path; parameters are kept as the request's own
// map and masked only when the journal is read.
import type { RpcOutcome } from '../protocol/envelope.js';
import type { RpcRequest } from '../protocol/request.js';
import { header } from '../protocol/request.js';
import { badInput, queryNumber } from './input.js';

interface JournalRecord {
  time: number;
  requestId: string;
  action: string | undefined;
  accountId: string | undefined;
  accessKeyId: string | undefined;
  params: ReadonlyMap<string, string>;
  code: string;
  status: number;
  ms: number;
  fault: string | undefined;
}

/** One request as the journal shows it. */
export interface JournalEntry {
  time: string;
  requestId: string;
  action: string | null;
  accountId: string | null;
  accessKeyId: string | null;
  /** Every parameter the request carried (query and form), secrets masked. */
  parameters: Record<string, string>;
  code: string;
  /** 0 when the connection was dropped (a fault rule). */
  httpStatus: number;
  latencyMs: number;
  /** The fault rule that acted on the request, if one did. */
  fault: string | null;
}

export interface JournalFilter {
  /** Action name; `*` and `?` as in fault rules. */
  action?: string;
  accountId?: string;
  accessKeyId?: string;
  code?: string;
  httpStatus?: number;
  requestId?: string;
  /** Only requests at or after this time (ms since the epoch). */
  since?: number;
  /** The latest this many of those that match (default 100). */
  limit?: number;
}

export const MASK = '******';
/** Parameter names whose values are secrets: AccessKey secrets, BGP AuthKeys, signatures, passwords, tokens. */
const SECRET = /^(Signature|SecurityToken)$|Secret|Password|AuthKey/i;

/** The parameters of a request with every secret's value masked. */
export function maskedParameters(params: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) out[name] = SECRET.test(name.slice(name.lastIndexOf('.') + 1)) ? MASK : value;
  return out;
}

/** The AccessKeyId a request was signed with, authenticated or not. */
function accessKeyIdOf(req: RpcRequest, o: RpcOutcome): string | undefined {
  if (o.principal) return o.principal.accessKeyId;
  const v1 = req.params.get('AccessKeyId');
  if (v1 !== undefined) return v1;
  return /Credential=([^,\s]+)/.exec(header(req, 'authorization'))?.[1];
}

export class Journal {
  private readonly ring: (JournalRecord | undefined)[];
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<JournalRecord | undefined>(capacity);
  }

  record(req: RpcRequest, o: RpcOutcome, ms: number): void {
    if (this.capacity === 0) return;
    this.ring[this.next] = {
      time: req.receivedAt,
      requestId: req.requestId,
      action: o.action,
      accountId: o.accountId,
      accessKeyId: accessKeyIdOf(req, o),
      params: req.params,
      code: o.code,
      status: o.drop ? 0 : o.status,
      ms,
      fault: o.fault,
    };
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  private records(): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const r = this.ring[(this.next + i) % this.capacity];
      if (r) out.push(r);
    }
    return out;
  }

  /** The latest `limit` entries that match, oldest first. */
  read(f: JournalFilter = {}): JournalEntry[] {
    const action =
      f.action === undefined
        ? undefined
        : new RegExp(
            `^${f.action
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.')}$`,
          );
    const found = this.records().filter(
      (r) =>
        (action === undefined || (r.action !== undefined && action.test(r.action))) &&
        (f.accountId === undefined || r.accountId === f.accountId) &&
        (f.accessKeyId === undefined || r.accessKeyId === f.accessKeyId) &&
        (f.code === undefined || r.code === f.code) &&
        (f.httpStatus === undefined || r.status === f.httpStatus) &&
        (f.requestId === undefined || r.requestId === f.requestId) &&
        (f.since === undefined || r.time >= f.since),
    );
    return found.slice(Math.max(0, found.length - (f.limit ?? 100))).map((r) => ({
      time: new Date(r.time).toISOString(),
      requestId: r.requestId,
      action: r.action ?? null,
      accountId: r.accountId ?? null,
      accessKeyId: r.accessKeyId ?? null,
      parameters: maskedParameters(r.params),
      code: r.code,
      httpStatus: r.status,
      latencyMs: Math.round(r.ms * 100) / 100,
      fault: r.fault ?? null,
    }));
  }

  /** Forget every entry, or one account's. */
  clear(accountId?: string): void {
    for (let i = 0; i < this.capacity; i++) {
      if (accountId === undefined || this.ring[i]?.accountId === accountId) this.ring[i] = undefined;
    }
  }

  get size(): number {
    return this.ring.reduce((n, r) => n + (r ? 1 : 0), 0);
  }
}

/** A filter given as an object (the library), checked as the query string is. */
export function checkJournalFilter(f: JournalFilter): JournalFilter {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined) q.set(k, String(v));
  return journalFilter(q);
}

/** A journal filter from a query string, checked. */
export function journalFilter(q: URLSearchParams): JournalFilter {
  const known = ['action', 'accountId', 'accessKeyId', 'code', 'httpStatus', 'requestId', 'since', 'limit'];
  for (const k of q.keys()) if (!known.includes(k)) throw badInput(`journal: unknown filter "${k}" (known: ${known.join(', ')})`);
  const since = q.get('since');
  let sinceMs: number | undefined;
  if (since !== null) {
    sinceMs = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
    if (Number.isNaN(sinceMs)) throw badInput('since must be a time (ISO 8601, or ms since the epoch)');
  }
  const str = (k: string) => q.get(k) ?? undefined;
  return {
    action: str('action'),
    accountId: str('accountId'),
    accessKeyId: str('accessKeyId'),
    code: str('code'),
    httpStatus: queryNumber(q, 'httpStatus', 0, 599),
    requestId: str('requestId'),
    since: sinceMs,
    limit: queryNumber(q, 'limit', 1, 1_000_000),
  };
}
