// The Store: one asynchronous, engine-neutral interface over vbrd's durable state.
// Engines (SQLite embedded, PostgreSQL shared) sit behind it; test/support/store-contract.ts is the
// contract both must pass.
import type {
  AuditEntry,
  BgpStatusChange,
  BgpStatusHistoryQuery,
  ClientTokenEntry,
  AuditQuery,
  IdempotencyEntry,
  ListQuery,
  ListResult,
  QuotaKeyQuery,
  ResourceKind,
  ResourceRecord,
} from './record.js';

/**
 * What claiming a signature nonce came to: claimed now, used already (and not yet expired), or not
 * remembered because the store holds as many nonces as it can (the caller refuses the request for now).
 */
declare const lockKeyBrand: unique symbol;

/** A key that serialises transactions (see Store.transaction); domain/lock-keys.ts makes every one. */
export type LockKey = string & { readonly [lockKeyBrand]: true };

export type NonceClaim = 'claimed' | 'used' | 'full';

export interface StoreReader {
  get<D>(kind: ResourceKind, id: string): Promise<ResourceRecord<D> | undefined>;
  list<D>(q: ListQuery): Promise<ListResult<D>>;
  /** How many records hold the quota key(s); the store keeps each record's key as it is written. */
  countQuotaKey(q: QuotaKeyQuery): Promise<number>;
  getIdempotency(accountId: string, action: string, token: string): Promise<IdempotencyEntry | undefined>;
}

export interface StoreTx extends StoreReader {
  insert(r: ResourceRecord<unknown>): Promise<void>;
  /** Replace the row with this id. */
  update(r: ResourceRecord<unknown>): Promise<void>;
  /** Remove the record (by its id); the VBR it belongs to is named so callers can tell who must hear of it. */
  delete(r: Pick<ResourceRecord<unknown>, 'id' | 'vbrId'>): Promise<void>;
  putIdempotency(accountId: string, action: string, token: string, entry: IdempotencyEntry): Promise<void>;
  audit(e: AuditEntry): Promise<void>;
  /** Remember a peer's BgpStatus transition (pruned by age with prune()). */
  recordBgpStatus(e: BgpStatusChange): Promise<void>;
}

export interface Store extends StoreReader {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Run fn atomically. fn must only await the tx's own methods. Transactions naming the same lock key
   * never interleave (also across nodes sharing a database); the promise resolves only after the
   * change is durably committed. A rejection rolls back everything fn did.
   */
  transaction<T>(lockKeys: readonly LockKey[], fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** The distinct VBRs of the committed records of these kinds in these statuses, without reading the records. */
  vbrIdsWith(kinds: readonly ResourceKind[], statuses: readonly string[]): Promise<string[]>;
  /** Record a signature nonce, to be refused again until expiresAt. */
  claimNonce(nonce: string, expiresAt: number): Promise<NonceClaim>;
  /** Resources whose dueAt has passed, oldest first. */
  due(now: number, limit: number): Promise<ResourceRecord<unknown>[]>;
  listAudit(q: AuditQuery): Promise<AuditEntry[]>;
  /** One peer's latest BgpStatus transitions (since `since`, at most `limit`, default 1000), oldest first. */
  listBgpStatusHistory(q: BgpStatusHistoryQuery): Promise<BgpStatusChange[]>;
  /** Forget the BgpStatus transitions of one account, or of every account. */
  clearBgpStatusHistory(accountId?: string): Promise<void>;
  /** Try to hold (or renew) a named lease for ttlMs; true when this holder has it. */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** The holders of those of these leases that are held (not expired), by lease name. */
  leaseHolders(names: readonly string[]): Promise<Map<string, string>>;
  /** Drop expired nonces and idempotency entries, and BGP status history older than a day. */
  prune(now: number): Promise<void>;
  /** The remembered ClientTokens, of one account or of all. */
  listClientTokens(accountId?: string): Promise<ClientTokenEntry[]>;
  /** Forget the ClientTokens of one account (or of all) and remember these instead, in one transaction. */
  replaceClientTokens(accountId: string | undefined, entries: readonly ClientTokenEntry[]): Promise<void>;
  /** Forget every signature nonce (a reset: replays of earlier requests are accepted again). */
  clearNonces(): Promise<void>;
  /** How many nonces and ClientTokens are remembered (metrics). */
  tableSizes(): Promise<{ nonces: number; clientTokens: number }>;
  close(): Promise<void>;
}
