// Level-based reconciler for one speaker, in the manner of Kubernetes controllers: desired state
// from the store, observed state from the speaker, one loop that makes them agree. It runs after
// every change (poke), for unsettled resources found in the store (so a restart resumes work), and
// in a periodic full resync (so a restarted speaker, config drift or an interrupted apply converge).
// Errors retry with exponential back-off; permanent ones, and transient ones that persist, are recorded on
// the resources (VbrdApplyError) and listed for the health endpoint.
//
// Session state in the store is shown by DescribeBgpPeers only while it is vouched for: a leader marks
// the store with a second lease (SESSIONS_LEASE) once it has applied every VBR and read every session
// back since it gained the speaker's lease, and renews it with that lease. Until then (a restart, a
// fail-over) the API shows no session (sessionsVerified), so it never repeats what an earlier run read.
import type { Logger } from 'pino';
import type { AuthKeyBox } from '../auth/auth-key-box.js';
import type { Seed } from '../config/seed.js';
import { isDeleting, isUnsettled, UNSETTLED_BGP_STATUSES, type BgpPeerData, type Reconciled } from '../domain/model.js';
import type { ResourceKind, ResourceRecord } from '../store/record.js';
import type { Store, StoreTx } from '../store/store.js';
import { IncompleteApplyError, PermanentSpeakerError, sameRoutes, type PeerObservation, type Speaker } from '../speaker/speaker.js';
import { desiredVbr, loadSnapshot, type VbrSnapshot } from './desired.js';
import { LeaseLoop } from './lease-loop.js';
import { lockKeys } from '../domain/lock-keys.js';

export interface ReconcilerOptions {
  store: Store;
  seed: Seed;
  /** Opens the groups' AuthKeys, which the store holds sealed, for the speaker. */
  authKeys: AuthKeyBox;
  speaker: Speaker;
  nodeName: string;
  log: Logger;
  /** Full resync period (drift repair); one runs anyway whenever this node gains the lease. */
  resyncMs?: number;
  /**
   * How often session state is read back from the speaker in full: every second by default, or every
   * SAFETY_NET_READ_MS when the speaker reports changes as they happen (sessionEvents).
   */
  observeMs?: number;
  leaseTtlMs?: number;
  /** VBRs reconciled at once (default APPLY_CONCURRENCY). */
  applyConcurrency?: number;
  /** Told how long each apply (or removal) of one VBR took in the speaker (metrics). */
  onApplied?: (ms: number) => void;
}

/** The kinds whose desired state the reconciler applies (each VBR's BGP configuration and static routes). */
const RECONCILED_KINDS: ResourceKind[] = ['BgpGroup', 'BgpPeer', 'BgpNetwork', 'VbrRouteEntry'];

/** Statuses of a resource the reconciler has still to apply. */
export const APPLY_CONCURRENCY = 16;
/** The full read-back behind a speaker's session events: it repairs only what an event missed. */
export const SAFETY_NET_READ_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;
/** A transient failure is recorded on the resources once an apply has failed this many times in a row (~2 s). */
const RECORD_AFTER_ATTEMPTS = 4;

/** The lease that drives a speaker, and the one its holder takes once the sessions in the store are its own reads. */
const speakerLease = (kind: string) => `speaker:${kind}`;
const sessionsLease = (kind: string) => `sessions:${kind}`;

/**
 * Whether the session state in the store was read from the data plane by the node that now drives it,
 * since it took over: the speaker's lease and the sessions lease are held, by the same node.
 */
export async function sessionsVerified(store: Store, speakerKind: string): Promise<boolean> {
  const holders = await store.leaseHolders([speakerLease(speakerKind), sessionsLease(speakerKind)]);
  const driver = holders.get(speakerLease(speakerKind));
  return driver !== undefined && holders.get(sessionsLease(speakerKind)) === driver;
}

/** What a peer shows when no session is known: a speaker that does not carry it, or one not read yet. */
export const NO_SESSION: PeerObservation = { bgpStatus: 'Idle', bfdStatus: null, receivedRouteCount: 0, advertisedRouteCount: 0 };

/** A VBR whose last apply failed: what it said, since when (ms), and how many times in a row. */
export interface ApplyFailure {
  vbrId: string;
  error: string;
  since: number;
  attempts: number;
}

export class BgpReconciler {
  private readonly dirty = new Set<string>();
  private readonly backoff = new Map<string, { attempts: number; until: number }>();
  private readonly loop: LeaseLoop;
  private lastResync = 0;
  /** Session state is read back on its own clock, so a long apply pass does not hold it up. */
  private observeTimer: NodeJS.Timeout | undefined;
  private observing: Promise<void> | undefined;
  /** Session state is written one batch at a time, in the order it was read (full reads and events alike). */
  private recording: Promise<void> = Promise.resolve();
  /** A write of the speaker's session events is queued and has not started: it will take up later ones too. */
  private eventQueued = false;
  /**
   * Per peer: its VBR and the session state the store shows, as last loaded or written, so that only
   * real changes are written back (and a new leader rewrites nothing the store already shows).
   */
  private shown = new Map<string, { vbrId: string; state: Stored }>();
  /** The speaker's groups as last looked at: a group handed out again unchanged is skipped. */
  private lastSeen = new Map<string, ReadonlyMap<string, PeerObservation>>();
  private applying = 0;
  /** VBRs whose last apply failed (for the health endpoint). */
  private readonly failing = new Map<string, ApplyFailure>();
  /** Whether this leader has marked the store's sessions as its own reads (SESSIONS_LEASE), and when it last renewed that. */
  private verified = false;
  private verifiedRenewedAt = 0;

  constructor(private readonly o: ReconcilerOptions) {
    this.loop = new LeaseLoop({
      store: o.store,
      lease: `speaker:${o.speaker.kind}`,
      holder: o.nodeName,
      ttlMs: o.leaseTtlMs ?? 5000,
      log: o.log,
      intervalMs: 200,
      tick: () => this.tick(),
      onLeadership: (held) => {
        // A new leader trusts nothing it holds in memory: re-apply every VBR, re-read what the store shows.
        this.verified = false;
        if (held) {
          this.lastResync = 0;
          this.shown = new Map();
          this.lastSeen = new Map();
          this.backoff.clear();
        } else {
          this.failing.clear();
          void o.store.releaseLease(sessionsLease(o.speaker.kind), o.nodeName).catch(() => undefined);
        }
      },
    });
  }

  start(): void {
    this.loop.start();
    this.o.speaker.sessionEvents?.subscribe(() => this.onSessionEvent());
    const every = this.o.observeMs ?? (this.o.speaker.sessionEvents ? SAFETY_NET_READ_MS : 1000);
    this.observeTimer = setInterval(() => {
      if (!this.loop.isLeader || this.observing) return;
      this.observing = this.observe()
        .catch((e: unknown) => this.o.log.warn({ err: e }, 'reading session state failed; retrying'))
        .finally(() => {
          this.observing = undefined;
        });
    }, every);
  }

  /** The speaker heard a session change: store it now, not at the next read-back. */
  private onSessionEvent(): void {
    if (!this.loop.isLeader || this.eventQueued) return;
    this.eventQueued = true;
    void this.serially(async () => {
      this.eventQueued = false;
      const events = this.o.speaker.sessionEvents;
      if (events && this.loop.isLeader) await this.record(events.current(), false);
    }).catch((e: unknown) => this.o.log.warn({ err: e }, 'storing a session event failed; the next read-back repairs it'));
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.recording.then(work);
    this.recording = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    clearInterval(this.observeTimer);
    await this.loop.stop(); // lets a running pass finish, then gives the speaker's lease up
    await this.observing;
    // The sessions are no longer vouched for once this node stops reading them.
    this.verified = false;
    await this.o.store.releaseLease(sessionsLease(this.o.speaker.kind), this.o.nodeName).catch(() => undefined);
  }

  /** VBRs whose last apply failed, oldest failure first (empty on a node that does not lead). */
  get failures(): ApplyFailure[] {
    return [...this.failing.values()].sort((a, b) => a.since - b.since);
  }

  get isLeader(): boolean {
    return this.loop.isLeader;
  }

  /** VBRs waiting to be applied or being applied; a full resync not yet started counts as one. */
  get backlog(): number {
    return this.dirty.size + this.applying + (this.lastResync === 0 && this.loop.isLeader ? 1 : 0);
  }

  /**
   * The store changed under the reconciler (a reset, an imported snapshot): trust nothing remembered
   * of what the store shows or the speaker reported, re-apply every VBR and remove what is gone.
   */
  forget(): void {
    this.shown = new Map();
    this.lastSeen = new Map();
    this.dirty.clear();
    this.backoff.clear();
    this.resyncAll();
  }

  /**
   * Read session state back from the speaker now, and resolve once what changed is in the store (a
   * control call that changed a session waits for it). Only the leader writes; elsewhere it does nothing.
   */
  async observeNow(): Promise<void> {
    await this.observing;
    if (!this.loop.isLeader) return;
    const run: Promise<void> = this.observe().finally(() => {
      if (this.observing === run) this.observing = undefined;
    });
    this.observing = run;
    await run;
  }

  /**
   * Apply everything unsettled now, without back-off, and resolve once the store shows no BGP resource
   * unsettled and nothing is waiting (or after timeoutMs). Returns the VBRs still unsettled then.
   */
  async drain(timeoutMs: number, eachPass: () => void = () => {}): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const unsettled = await this.o.store.vbrIdsWith(RECONCILED_KINDS, UNSETTLED_BGP_STATUSES);
      // Another node leads: it applies; this one waits for the store to show it done.
      const leading = this.loop.isLeader;
      if (unsettled.length === 0 && (!leading || this.backlog === 0)) return [];
      if (Date.now() >= deadline) return unsettled;
      if (leading) for (const id of unsettled) if (!this.dirty.has(id)) this.poke(id);
      eachPass();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** The speaker lost what was applied (a daemon restarted): re-apply every VBR now. */
  resyncAll(): void {
    this.lastResync = 0;
    this.loop.kick();
  }

  /** The desired state of this VBR may have changed. */
  poke(vbrId: string): void {
    this.dirty.add(vbrId);
    this.backoff.delete(vbrId);
    this.loop.kick();
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    if (this.lastResync === 0 || now - this.lastResync >= (this.o.resyncMs ?? 30_000)) {
      this.lastResync = now;
      await this.fullResync();
    } else {
      // Changes this node did not poke for: another node's, or those left when a leader went away.
      for (const vbrId of await this.o.store.vbrIdsWith(RECONCILED_KINDS, UNSETTLED_BGP_STATUSES)) this.dirty.add(vbrId);
    }
    // Several VBRs at once: a slow apply (the sim's delay, a speaker's round trips) does not hold up
    // the others, and their settle writes share commits. A speaker serialises what it must itself.
    const ready = [...this.dirty].filter((id) => !((this.backoff.get(id)?.until ?? 0) > Date.now()));
    let next = 0;
    const worker = async () => {
      while (next < ready.length) {
        const vbrId = ready[next++]!;
        if (!(await this.loop.confirm())) return;
        this.dirty.delete(vbrId);
        this.applying++;
        try {
          await this.reconcileVbr(vbrId);
        } finally {
          this.applying--;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.applyConcurrency ?? APPLY_CONCURRENCY, ready.length) }, worker));
    await this.vouchForSessions();
  }

  /**
   * Once every VBR has been applied (or tried) since this node took the lease, read every session back and
   * then mark the store's sessions as this leader's reads; afterwards keep that mark alive with the lease.
   */
  private async vouchForSessions(): Promise<void> {
    const lease = sessionsLease(this.o.speaker.kind);
    const ttl = this.o.leaseTtlMs ?? 5000;
    if (this.verified) {
      if (Date.now() - this.verifiedRenewedAt < ttl / 3) return;
    } else {
      await this.observing;
      await (this.observing = this.observe().finally(() => {
        this.observing = undefined;
      }));
    }
    if (!(await this.loop.confirm())) return;
    const now = Date.now();
    this.verified = await this.o.store.acquireLease(lease, this.o.nodeName, ttl);
    this.verifiedRenewedAt = now;
  }

  private async fullResync(): Promise<void> {
    const vbrs = await this.o.store.list({ kind: 'VirtualBorderRouter' });
    for (const v of vbrs.items) this.dirty.add(v.id);
    this.shown = new Map(); // refilled as each VBR is re-read, without what vanished meanwhile
    const known = new Set(vbrs.items.map((v) => v.id));
    for (const orphan of await this.o.speaker.listVbrs()) {
      if (!known.has(orphan)) this.dirty.add(orphan);
    }
  }

  /** Make the speaker match the store for one VBR, then settle what was applied. */
  async reconcileVbr(vbrId: string): Promise<void> {
    const snap = await loadSnapshot(this.o.store, vbrId);
    for (const p of snap.peers) this.shown.set(p.id, { vbrId, state: stored(p.data) });
    let carried = true;
    try {
      const desired = await desiredVbr(this.o.store, this.o.seed, snap, this.o.authKeys);
      carried = desired !== null;
      const started = performance.now();
      if (desired) await this.o.speaker.applyVbr(desired);
      else await this.o.speaker.removeVbr(vbrId);
      this.o.onApplied?.(performance.now() - started);
      this.backoff.delete(vbrId);
      this.failing.delete(vbrId);
      await this.settle(vbrId, snap, { error: '', sessionsGone: !carried });
    } catch (e) {
      const incomplete = e instanceof IncompleteApplyError;
      const permanent = e instanceof PermanentSpeakerError || (incomplete && e.permanent);
      const attempts = (this.backoff.get(vbrId)?.attempts ?? 0) + 1;
      const delay = incomplete && e.retryInMs !== undefined ? e.retryInMs : Math.min(MAX_BACKOFF_MS, 250 * 2 ** (attempts - 1));
      const error = (e as Error).message;
      this.backoff.set(vbrId, { attempts, until: Date.now() + delay });
      this.failing.set(vbrId, { vbrId, error, since: this.failing.get(vbrId)?.since ?? Date.now(), attempts });
      this.dirty.add(vbrId);
      this.o.log.warn({ vbrId, err: e, permanent, attempts, retryInMs: delay }, 'speaker apply failed');
      const recordError = permanent || attempts >= RECORD_AFTER_ATTEMPTS;
      if (recordError || incomplete) {
        await this.settle(vbrId, snap, { error, failed: { recordError, removalsDone: incomplete }, sessionsGone: !carried });
      }
    }
  }

  /**
   * Settle the resources of a snapshot that was applied: Pending/Modifying → Available, Deleting →
   * removed. Only for the generation that was applied; a change made meanwhile stays unsettled
   * and is picked up by the next pass. After a failed apply (`failed`), deletions are settled only when
   * the speaker completed them anyway (`removalsDone`), and the error is recorded when `recordError`.
   * `sessionsGone`: the speaker no longer carries the VBR, so its remaining peers show no session.
   */
  private async settle(
    vbrId: string,
    snap: VbrSnapshot,
    outcome: { error: string; failed?: { recordError: boolean; removalsDone: boolean }; sessionsGone: boolean },
  ): Promise<void> {
    const { error, failed, sessionsGone } = outcome;
    const rows = [...snap.groups, ...snap.peers, ...snap.networks, ...snap.routeEntries] as ResourceRecord<Reconciled>[];
    const stale = (r: ResourceRecord<Reconciled>) =>
      sessionsGone && r.kind === 'BgpPeer' && !sameObservation(stored(r.data as BgpPeerData), NO_SESSION);
    const touched = rows.filter((r) => {
      if (failed) return (failed.removalsDone && isDeleting(r)) || (failed.recordError && r.data.lastError !== error) || stale(r);
      return isUnsettled(r) || r.data.lastError !== error || stale(r);
    });
    if (touched.length === 0) return;
    // A peer settled after an apply also gets its session state in the same write, when the speaker can tell it.
    const sessions =
      !failed && !sessionsGone && touched.some((r) => r.kind === 'BgpPeer') ? await this.o.speaker.observeVbr?.(vbrId) : undefined;
    const written: [string, PeerObservation][] = [];
    await this.o.store.transaction([lockKeys.vbr(vbrId)], async (tx) => {
      for (const r of touched) {
        const cur = await tx.get<Reconciled>(r.kind, r.id);
        if (!cur || cur.data.generation !== r.data.generation) continue;
        if (isDeleting(cur) && (!failed || failed.removalsDone)) {
          await tx.delete(cur);
          this.shown.delete(cur.id);
          continue;
        }
        let data = cur.data;
        let status = cur.status;
        if (!failed && (isUnsettled(cur) || cur.data.lastError)) {
          status = 'Available';
          data = { ...data, lastError: '' };
        } else if (failed?.recordError && cur.data.lastError !== error) {
          data = { ...data, lastError: error };
        }
        const obs = cur.kind !== 'BgpPeer' ? undefined : sessionsGone ? NO_SESSION : sessions?.get(cur.id);
        if (obs) {
          await recordTransition(tx, cur as ResourceRecord<BgpPeerData>, obs);
          data = withSession(data as BgpPeerData, obs);
          written.push([cur.id, obs]);
        }
        if (data !== cur.data || status !== cur.status) await tx.update({ ...cur, status, data });
      }
    });
    for (const [id, obs] of written) this.shown.set(id, { vbrId, state: obs });
  }

  /** Read session state back from the speaker and store what changed. */
  private async observe(): Promise<void> {
    const seen = await this.o.speaker.observe();
    // Stored in turn with the events: by then the speaker's event view (never older than this read) is the latest.
    await this.serially(() => this.record(this.o.speaker.sessionEvents?.current() ?? seen, true));
  }

  /** Store what changed in `seen`; `full`: look at every group, also those handed out unchanged. */
  private async record(seen: ReadonlyMap<string, ReadonlyMap<string, PeerObservation>>, full: boolean): Promise<void> {
    const looked = new Map<string, ReadonlyMap<string, PeerObservation>>();
    const byVbr = new Map<string, [string, PeerObservation][]>();
    for (const [key, group] of seen) {
      if (!full && this.lastSeen.get(key) === group) {
        looked.set(key, group);
        continue;
      }
      // A speaker reports only peers applied from a snapshot this reconciler loaded; a group with one
      // not known here (its VBR is being re-read) is looked at again next time.
      let complete = true;
      for (const [id, obs] of group) {
        const known = this.shown.get(id);
        if (!known) {
          complete = false;
          continue;
        }
        if (known.state === obs || sameObservation(known.state, obs)) continue;
        const list = byVbr.get(known.vbrId) ?? [];
        list.push([id, obs]);
        byVbr.set(known.vbrId, list);
      }
      if (complete) looked.set(key, group);
    }
    if (byVbr.size > 0) await this.writeObservations(byVbr);
    this.lastSeen = looked;
  }

  private async writeObservations(byVbr: Map<string, [string, PeerObservation][]>): Promise<void> {
    // One transaction per VBR (each holds only that VBR's lock), all at once so they share commits.
    await Promise.all(
      [...byVbr].map(async ([vbrId, list]) => {
        await this.o.store.transaction([lockKeys.vbr(vbrId)], async (tx) => {
          for (const [id, obs] of list) {
            const cur = await tx.get<BgpPeerData>('BgpPeer', id);
            // A new leader has written nothing yet, but the store may already hold what it sees.
            if (!cur || sameObservation(stored(cur.data), obs)) continue;
            await recordTransition(tx, cur, obs);
            await tx.update({ ...cur, data: withSession(cur.data, obs) });
          }
        });
        for (const [id, obs] of list) this.shown.set(id, { vbrId, state: obs });
      }),
    );
  }
}

/** Remember a change of the peer's BgpStatus (the console's timeline), in the write that shows it. */
async function recordTransition(tx: StoreTx, peer: ResourceRecord<BgpPeerData>, obs: PeerObservation): Promise<void> {
  const from = peer.data.BgpStatus;
  if (from === obs.bgpStatus) return;
  await tx.recordBgpStatus({ time: Date.now(), accountId: peer.accountId, peerId: peer.id, from, to: obs.bgpStatus });
}

/** What DescribeBgpPeers shows of a session. */
function sameObservation(a: Stored, b: Stored): boolean {
  return (
    a.bgpStatus === b.bgpStatus &&
    a.bfdStatus === b.bfdStatus &&
    a.receivedRouteCount === b.receivedRouteCount &&
    a.advertisedRouteCount === b.advertisedRouteCount &&
    sameRoutes(a.receivedRoutes, b.receivedRoutes)
  );
}

type Stored = Omit<PeerObservation, 'bgpStatus'> & { bgpStatus: string };

/** A peer's data showing the session a speaker reports. */
function withSession(d: BgpPeerData, obs: PeerObservation): BgpPeerData {
  return {
    ...d,
    BgpStatus: obs.bgpStatus,
    bfdStatus: obs.bfdStatus,
    ReceivedRouteCount: obs.receivedRouteCount,
    AdvertisedRouteCount: obs.advertisedRouteCount,
    learnedRoutes: obs.receivedRoutes && obs.receivedRoutes.length > 0 ? [...obs.receivedRoutes] : undefined,
  };
}

function stored(d: BgpPeerData): Stored {
  return {
    bgpStatus: d.BgpStatus,
    bfdStatus: d.bfdStatus,
    receivedRouteCount: d.ReceivedRouteCount,
    advertisedRouteCount: d.AdvertisedRouteCount,
    receivedRoutes: d.learnedRoutes,
  };
}
