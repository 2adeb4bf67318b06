// SQLite engine (better-sqlite3): WAL with synchronous=FULL, so a commit is on disk before it is
// acknowledged. Group commit: every transaction requested during one event-loop turn runs in one
// database transaction (each in its own savepoint, so one failure rolls back only itself) and
// shares a single fsync. While transactions come from several writers at once, a group stays open
// while more keep joining it (holdOpen). One process owns the file (it claims the directory:
// data-dir-claim.ts), so lock keys need no further work: the writer runs transactions one after another.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { SqlConn, SqlEngine, SqlValue } from '../sql/engine.js';
import type { NonceClaim } from '../store.js';
import { claimDataDir } from './data-dir-claim.js';
import { privateDir, privateFile, privateIfPresent } from '../../util/private-files.js';
import { atEndOfPass } from '../../util/end-of-pass.js';

type Db = Database.Database;

const NONCE_WRITE_DELAY_MS = 200;
const WAL_AUTOCHECKPOINT_PAGES = 250;
/** A group this large shares its commit well enough: it is not held open for more. */
const GROUP_FULL = 16;

class SqliteConn implements SqlConn {
  private readonly cache = new Map<string, Database.Statement>();
  /** Raw mode belongs to a statement, so array-row statements are prepared and kept apart. */
  private readonly rawCache = new Map<string, Database.Statement>();
  constructor(private readonly db: Db) {}

  private stmt(sql: string, raw = false): Database.Statement {
    const cache = raw ? this.rawCache : this.cache;
    let s = cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (raw) s.raw(true);
      cache.set(sql, s);
    }
    return s;
  }

  query<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    try {
      return Promise.resolve(this.stmt(sql).all(...params) as T[]);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  queryRows(sql: string, params: SqlValue[] = []): Promise<SqlValue[][]> {
    try {
      return Promise.resolve(this.stmt(sql, true).all(...params) as SqlValue[][]);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  run(sql: string, params: SqlValue[] = []): Promise<number> {
    try {
      const s = this.stmt(sql);
      return Promise.resolve(s.reader ? s.all(...params).length : s.run(...params).changes);
    } catch (e) {
      return Promise.reject(e);
    }
  }
}

/**
 * Reads outside transactions. Between batches they go to the writer's connection, whose page cache
 * is warm and current; the reader's cache is thrown away after every commit, so each read there
 * starts cold. During a batch (an open transaction whose changes may still roll back) they go to
 * the reader, which sees only committed data.
 *
 * On the writer, the reads of one event-loop turn share one read transaction. Alone, every statement
 * takes and drops SQLite's WAL read lock (an fcntl call each), which was 7% of a DescribeBgpPeers.
 * Only this process writes the file, and only in a batch, which ends the shared read first; so what
 * it sees is always the latest commit.
 */
class CommittedReads implements SqlConn {
  private sharing = false;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;

  constructor(
    private readonly writer: Db,
    private readonly writerConn: SqliteConn,
    private readonly readerConn: SqliteConn,
  ) {
    this.begin = writer.prepare('BEGIN');
    this.commit = writer.prepare('COMMIT');
  }

  private conn(): SqliteConn {
    if (this.sharing) return this.writerConn;
    if (this.writer.inTransaction) return this.readerConn;
    this.begin.run();
    this.sharing = true;
    setImmediate(() => this.endShared());
    return this.writerConn;
  }

  /** Ends the turn's shared read, if one is open: at the end of the turn, and before a batch or close. */
  endShared(): void {
    if (!this.sharing) return;
    this.sharing = false;
    this.commit.run();
  }

  query<T>(sql: string, params?: SqlValue[]): Promise<T[]> {
    return this.conn().query<T>(sql, params);
  }

  queryRows(sql: string, params?: SqlValue[]): Promise<SqlValue[][]> {
    return this.conn().queryRows(sql, params);
  }

  run(sql: string, params?: SqlValue[]): Promise<number> {
    return this.conn().run(sql, params);
  }
}

interface Job {
  fn: (tx: SqlConn) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface SqliteOptions {
  /** Directory holding vbrd.db; created if missing. */
  dir: string;
  /**
   * Claim the directory for this process (default true; see data-dir-claim.ts). Only a process that
   * merely reads, such as vbrd audit beside a running server, opens it without.
   */
  claim?: boolean;
  /** A group held open (holdOpen) closes once no transaction has joined it for this long (default 0.2 ms), … */
  groupJoinGapMs?: number;
  /** … or once it is this old (default 1 ms). */
  groupMaxAgeMs?: number;
  /** How many unexpired signature nonces it remembers at most (default MAX_NONCES). */
  maxNonces?: number;
}

/**
 * Below V8's limit of 2^24 entries in a Map, past which claiming threw and every request failed;
 * about 2 GB of heap. Nonces are kept until their request's timestamp is out of the window, about 16
 * minutes: enough for a sustained 16,000 signed requests a second.
 */
export const MAX_NONCES = 16_000_000;

export class SqliteEngine implements SqlEngine {
  readonly dialect = 'sqlite' as const;
  readonly read: CommittedReads;
  private readonly writer: Db;
  private readonly reader: Db;
  private readonly writeConn: SqliteConn;
  private queue: Job[] = [];
  private scheduled = false;
  /** How many transactions the last group commit held: more than one means several writers are at work. */
  private lastGroupSize = 1;
  /** When the open group started, and when a transaction last joined it (performance.now()). */
  private groupStart = 0;
  private lastJoin = 0;
  private flushing = false;
  /** nonce → expiry; authoritative, since only this process writes the file. */
  private readonly nonces = new Map<string, number>();
  /**
   * The nonces by the second in which they expire, swept a second at a time: a nonce leaves memory
   * within a second of its expiry, whatever order the claims came in (a request stamped ahead of the
   * clock expires after those claimed later). Iterating the Map instead would step over the holes its
   * deletions leave, every time.
   */
  private readonly bySecond = new Map<number, string[]>();
  /** Every second before this one has been swept. */
  private sweptBefore = 0;
  /** Claimed nonces not yet on disk: written at the start of the next batch, as one row of nonce_batches. */
  private pendingNonces: [string, number][] = [];
  private nonceTimer: NodeJS.Timeout | undefined;
  /** Prepared on first use: the table exists only once migrations ran. */
  private nonceInsert: Database.Statement | undefined;
  private closed = false;
  private readonly release: () => void;
  private readonly groupJoinGapMs: number;
  private readonly groupMaxAgeMs: number;
  private readonly maxNonces: number;
  onCommit?: (ms: number, transactions: number) => void;

  constructor(opts: SqliteOptions) {
    privateDir(opts.dir);
    this.release = opts.claim === false ? () => {} : claimDataDir(opts.dir);
    this.groupJoinGapMs = opts.groupJoinGapMs ?? 0.2;
    this.groupMaxAgeMs = opts.groupMaxAgeMs ?? 1;
    this.maxNonces = opts.maxNonces ?? MAX_NONCES;
    const file = join(opts.dir, 'vbrd.db');
    try {
      privateFile(file);
      for (const companion of ['-wal', '-shm']) privateIfPresent(file + companion);
      this.writer = new Database(file);
      this.writer.pragma('journal_mode = WAL');
      this.writer.pragma('synchronous = FULL');
      this.writer.pragma('busy_timeout = 5000');
      // Each job of a batch runs in a savepoint, which copies every page it is first to touch into a
      // sub-journal. On disk that journal spilled to a temp file past 64 KiB: an open, a write per page
      // and an unlink per batch, about 15% of CreateBgpPeer's CPU. Crash recovery never reads it.
      this.writer.pragma('temp_store = MEMORY');
      // A checkpoint runs inside the commit that crosses this many WAL pages, and holds up every
      // request of that batch. A quarter of SQLite's default (1000) makes each about a quarter as long.
      this.writer.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      this.reader = new Database(file);
      this.reader.pragma('busy_timeout = 5000');
    } catch (e) {
      // Not a database, or not readable: the directory stays free for another try.
      this.release();
      throw e;
    }
    this.writeConn = new SqliteConn(this.writer);
    this.read = new CommittedReads(this.writer, this.writeConn, new SqliteConn(this.reader));
  }

  /**
   * Load unexpired nonces so a restart still refuses replays. Call after migrations. Rows of nonces are
   * from before migration 6, so older than every batch; batches follow each other in claim order.
   */
  loadNonces(now: number): void {
    const rows = this.reader.prepare('SELECT nonce, expires_at FROM nonces WHERE expires_at >= ? ORDER BY expires_at').all(now) as {
      nonce: string;
      expires_at: number;
    }[];
    for (const r of rows) this.remember(r.nonce, r.expires_at);
    const batches = this.reader
      .prepare('SELECT nonces FROM nonce_batches WHERE expires_at >= ? ORDER BY expires_at, rowid')
      .pluck()
      .all(now) as string[];
    for (const batch of batches) {
      for (const [nonce, expiresAt] of JSON.parse(batch) as [string, number][]) if (expiresAt >= now) this.remember(nonce, expiresAt);
    }
  }

  transaction<T>(_lockKeys: readonly string[], fn: (tx: SqlConn) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.lastJoin = performance.now();
      this.schedule();
    });
  }

  claimNonce(nonce: string, expiresAt: number, now: number): Promise<NonceClaim> {
    const seen = this.nonces.get(nonce);
    if (seen !== undefined && seen >= now) return Promise.resolve('used');
    this.sweepNonces(now);
    if (this.nonces.size >= this.maxNonces) return Promise.resolve('full');
    this.remember(nonce, expiresAt);
    // Written with the next batch: a mutation that carries this nonce commits in that batch or a
    // later one, so no acknowledged change can be replayed after a restart. Reads alone do not force
    // a commit each; their nonces reach the disk within NONCE_WRITE_DELAY_MS (a crash may forget
    // that much, which allows replaying a read, never a change).
    this.pendingNonces.push([nonce, expiresAt]);
    this.nonceTimer ??= setTimeout(() => {
      this.nonceTimer = undefined;
      if (this.pendingNonces.length && !this.closed) void this.transaction([], async () => undefined).catch(() => undefined);
    }, NONCE_WRITE_DELAY_MS).unref();
    return Promise.resolve('claimed');
  }

  /** Forgets every nonce, in memory and on disk (in a batch of its own). */
  async clearNonces(): Promise<void> {
    this.nonces.clear();
    this.bySecond.clear();
    this.pendingNonces = [];
    await this.transaction([], async (c) => {
      await c.run('DELETE FROM nonces');
      await c.run('DELETE FROM nonce_batches');
    });
  }

  nonceCount(): Promise<number> {
    return Promise.resolve(this.nonces.size);
  }

  private txs: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', Database.Statement> | undefined;

  /** Prepared once: parsing BEGIN/SAVEPOINT/RELEASE/COMMIT anew for every job is measurable. */
  private txStatements(): NonNullable<typeof this.txs> {
    this.txs ??= {
      begin: this.writer.prepare('BEGIN IMMEDIATE'),
      savepoint: this.writer.prepare('SAVEPOINT job'),
      release: this.writer.prepare('RELEASE job'),
      rollbackTo: this.writer.prepare('ROLLBACK TO job'),
      commit: this.writer.prepare('COMMIT'),
    };
    return this.txs;
  }

  private writePendingNonces(): [string, number][] {
    const written = this.pendingNonces;
    this.pendingNonces = [];
    if (written.length === 0) return written;
    // One appended row, where a row per nonce dirtied a random page of the nonce index each.
    this.nonceInsert ??= this.writer.prepare('INSERT INTO nonce_batches (expires_at, nonces) VALUES (?, ?)');
    let last = 0;
    for (const [, expiresAt] of written) if (expiresAt > last) last = expiresAt;
    this.nonceInsert.run(last, JSON.stringify(written));
    return written;
  }

  private remember(nonce: string, expiresAt: number): void {
    this.nonces.set(nonce, expiresAt);
    // One that expired already (loaded, or claimed so) goes with the next second swept.
    const second = Math.max(Math.floor(expiresAt / 1000), this.sweptBefore);
    const due = this.bySecond.get(second);
    if (due) due.push(nonce);
    else this.bySecond.set(second, [nonce]);
  }

  /** Forgets the nonces of every second that has passed since the last sweep: O(1) within a second. */
  private sweepNonces(now: number): void {
    const second = Math.floor(now / 1000);
    if (second <= this.sweptBefore) return;
    // Second by second, or, after a long quiet spell, only the seconds that hold nonces.
    const seconds =
      second - this.sweptBefore <= this.bySecond.size
        ? Array.from({ length: second - this.sweptBefore }, (_, i) => this.sweptBefore + i)
        : [...this.bySecond.keys()].filter((s) => s < second);
    for (const s of seconds) {
      for (const nonce of this.bySecond.get(s) ?? []) {
        // Unless claimed again since: then it is due in a later second.
        const expiresAt = this.nonces.get(nonce);
        if (expiresAt !== undefined && expiresAt < (s + 1) * 1000) this.nonces.delete(nonce);
      }
      this.bySecond.delete(s);
    }
    this.sweptBefore = second;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    if (this.lastGroupSize > 1) {
      this.groupStart = performance.now();
      setImmediate(() => this.holdOpen());
      return;
    }
    this.flushAtEndOfPass();
  }

  /**
   * Keeps a group open, checking once per pass of the event loop, while transactions keep joining it.
   * A commit costs about the same however many transactions it holds (most of it is the fsync and
   * the WAL's frame writes), so with several writers (16 clients, say) one commit for all of them
   * costs less per transaction than the two groups the rounds would otherwise split into. Past
   * GROUP_FULL the saving is small and the wait is not: a group that large is held no further. A lone
   * writer never waits here: its groups hold one transaction each.
   */
  private holdOpen(): void {
    const now = performance.now();
    if (this.queue.length < GROUP_FULL && now - this.lastJoin < this.groupJoinGapMs && now - this.groupStart < this.groupMaxAgeMs) {
      setImmediate(() => this.holdOpen());
    } else {
      this.flushAtEndOfPass();
    }
  }

  private flushAtEndOfPass(): void {
    atEndOfPass(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    this.lastGroupSize = jobs.length;
    this.flushing = true;
    let nonces: [string, number][] = [];
    const results: { job: Job; ok: boolean; value: unknown }[] = [];
    const started = performance.now();
    try {
      const tx = this.txStatements();
      this.read.endShared();
      tx.begin.run();
      nonces = this.writePendingNonces();
      for (const job of jobs) {
        tx.savepoint.run();
        try {
          const value = await job.fn(this.writeConn);
          tx.release.run();
          results.push({ job, ok: true, value });
        } catch (e) {
          tx.rollbackTo.run();
          tx.release.run();
          results.push({ job, ok: false, value: e });
        }
      }
      tx.commit.run();
      this.onCommit?.(performance.now() - started, jobs.length);
    } catch (e) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      this.pendingNonces.unshift(...nonces);
      for (const job of jobs) job.reject(e);
      this.afterFlush();
      return;
    }
    for (const r of results) (r.ok ? r.job.resolve : r.job.reject)(r.value);
    this.afterFlush();
  }

  private afterFlush(): void {
    this.flushing = false;
    if (this.queue.length) this.schedule();
  }

  async close(): Promise<void> {
    if (this.pendingNonces.length) await this.transaction([], async () => undefined).catch(() => undefined);
    while (this.queue.length || this.flushing || this.scheduled) await new Promise((r) => setImmediate(r));
    if (this.nonceTimer) clearTimeout(this.nonceTimer);
    this.closed = true;
    this.read.endShared();
    this.reader.close();
    this.writer.close();
    this.release();
  }
}
