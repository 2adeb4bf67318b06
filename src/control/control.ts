// The control API's operations, one method each, shared by its HTTP routes (http.ts) and the library
// (src/library/). Every call is written to the audit trail, allowed or not; input is checked whole
// before anything changes.
import ipaddr from 'ipaddr.js';
import { DEFAULT_TIMINGS, type Timings } from '../config/seed.js';
import type { BgpReconciler } from '../reconcile/bgp-reconciler.js';
import { runTimedTransitions } from '../reconcile/timed.js';
import {
  CONTROLLED_SESSION_STATES,
  UnknownPeerError,
  UnsupportedControlError,
  type ControlledSessionState,
  type DataPlaneControl,
  type Speaker,
} from '../speaker/speaker.js';
import type { RecordIndexing } from '../store/record.js';
import type { Store } from '../store/store.js';
import { FaultRules, type FaultRule } from './faults.js';
import { asObject, badInput, ControlError, onlyFields, optNumber, optString, ACCOUNT_ID, type Json } from './input.js';
import { checkJournalFilter, type Journal, type JournalEntry, type JournalFilter } from './journal.js';
import { renderMetrics } from './metrics.js';
import { exportState, importState, parseStateDocument, resetState, type StateDocument } from './state.js';
import type { Tallies } from './tallies.js';

/** Who made a control call, for the audit trail. */
export interface Caller {
  principal: string;
  sourceIp: string;
}

export interface ControlDeps {
  store: Store;
  indexing: RecordIndexing;
  reconciler: BgpReconciler;
  speaker: Speaker;
  /** The timings in force (the seed's object, read by the actions and the emulated data plane). */
  timings: Timings;
  faults: FaultRules;
  journal: Journal;
  tallies: Tallies;
  /** Wake the lifecycle loop now (an imported record may be due). */
  kickTimers(): void;
}

export interface SettleResult {
  /** VBRs whose BGP configuration was still not applied when the time ran out (a data plane failing). */
  pending: string[];
}

let requestSeq = 0;

export class Control {
  /** The timings as the seed file gave them: a reset returns to them. */
  private readonly seedTimings: Timings;

  constructor(private readonly d: ControlDeps) {
    this.seedTimings = { ...d.timings };
  }

  private async audit(caller: Caller, action: string, resource: string, accountId: string, code: string): Promise<void> {
    await this.d.store.transaction([], (tx) =>
      tx.audit({
        time: Date.now(),
        accountId,
        principal: caller.principal,
        action: `vbrd:${action}`,
        resource,
        decision: code === 'Forbidden' || code === 'Unauthorized' || code === 'ControlDisabled' ? 'ImplicitDeny' : 'Allow',
        code,
        requestId: `control-${process.pid}-${++requestSeq}`,
        sourceIp: caller.sourceIp,
      }),
    );
  }

  /** A refused call, for the audit trail (the routes refuse before any operation runs). */
  refused(caller: Caller, path: string, code: string): Promise<void> {
    return this.audit(caller, 'Refused', path, '', code);
  }

  /** Runs one control call and writes it to the audit trail with its outcome, bad input included. */
  async audited<T>(caller: Caller, action: string, resource: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      await this.audit(caller, action, resource, '', 'OK');
      return result;
    } catch (e) {
      await this.audit(caller, action, resource, '', e instanceof ControlError ? e.code : 'InternalError').catch(() => undefined);
      throw e;
    }
  }

  // ---- state ----

  /** Everything, or one account's resources, ClientTokens, journal entries and fault rules; a whole reset also the rest. */
  async reset(input: unknown = {}): Promise<{ removed: number }> {
    const o = asObject(input, 'the body');
    onlyFields(o, ['accountId'], 'reset');
    const accountId = optString(o, 'accountId', { pattern: ACCOUNT_ID });
    const result = await resetState(this.d.store, this.d.indexing, accountId);
    this.d.faults.clear(accountId);
    this.d.journal.clear(accountId);
    if (accountId === undefined) {
      Object.assign(this.d.timings, this.seedTimings);
      await this.d.speaker.control?.clear();
    }
    this.d.reconciler.forget();
    return result;
  }

  exportState(accountId?: string): Promise<StateDocument> {
    if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) throw badInput('accountId must be a string of digits');
    return exportState(this.d.store, accountId);
  }

  async importState(document: unknown, accountId?: string): Promise<{ removed: number; written: number; clientTokens: number }> {
    if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) throw badInput('accountId must be a string of digits');
    const doc = parseStateDocument(document, accountId);
    const result = await importState(this.d.store, this.d.indexing, doc);
    // What the store now holds is the truth: the data plane follows it, due changes happen.
    this.d.reconciler.forget();
    this.d.kickTimers();
    return result;
  }

  // ---- faults ----

  addFault(input: unknown): FaultRule {
    return this.d.faults.add(input);
  }

  listFaults(): FaultRule[] {
    return this.d.faults.list();
  }

  removeFault(id: string): void {
    if (!this.d.faults.remove(id)) throw new ControlError(404, 'NotFound', `no fault rule ${id}`);
  }

  clearFaults(): void {
    this.d.faults.clear();
  }

  // ---- the data plane: the customer's side of a peering ----

  private async onPeer(bgpPeerId: string, fn: (c: DataPlaneControl) => Promise<void>): Promise<void> {
    const peer = await this.d.store.get('BgpPeer', bgpPeerId);
    if (!peer) throw new ControlError(404, 'NotFound', `no BGP peer ${bgpPeerId}`);
    const control = this.d.speaker.control;
    if (!control) throw new ControlError(400, 'Unsupported', `the ${this.d.speaker.kind} data plane takes no control calls`);
    try {
      await fn(control);
    } catch (e) {
      if (e instanceof UnsupportedControlError) throw new ControlError(400, 'Unsupported', e.message);
      if (e instanceof UnknownPeerError)
        throw new ControlError(409, 'NotApplied', `${e.message}; on several nodes, ask the reconciler's leader (see /_vbrd/health)`);
      throw e;
    }
    // Shown by DescribeBgpPeers when this returns, written as any observation is.
    await this.d.reconciler.observeNow();
  }

  setSession(bgpPeerId: string, input: unknown): Promise<void> {
    const o = asObject(input, 'the body');
    onlyFields(o, ['state'], 'session');
    const state = o.state;
    if (!(CONTROLLED_SESSION_STATES as readonly unknown[]).includes(state))
      throw badInput(`state must be one of ${CONTROLLED_SESSION_STATES.join(', ')}`);
    return this.onPeer(bgpPeerId, (c) => c.setSession(bgpPeerId, state as ControlledSessionState));
  }

  flap(bgpPeerId: string, input: unknown = {}): Promise<void> {
    const o = asObject(input, 'the body');
    onlyFields(o, ['downMs'], 'flap');
    const downMs = optNumber(o, 'downMs', 0, 600_000) ?? 1000;
    return this.onPeer(bgpPeerId, (c) => c.flap(bgpPeerId, downMs));
  }

  setRoutes(bgpPeerId: string, input: unknown): Promise<void> {
    const o = asObject(input, 'the body');
    onlyFields(o, ['prefixes'], 'routes');
    if (!Array.isArray(o.prefixes)) throw badInput('prefixes must be a list of CIDR blocks (empty: none)');
    const prefixes = o.prefixes.map((p, i) => {
      if (typeof p !== 'string' || !ipaddr.isValidCIDR(p)) throw badInput(`prefixes[${i}] is not a CIDR block`);
      return p;
    });
    return this.onPeer(bgpPeerId, (c) => c.setReceivedRoutes(bgpPeerId, prefixes));
  }

  impairLink(bgpPeerId: string, input: unknown): Promise<void> {
    const o = asObject(input, 'the body');
    onlyFields(o, ['lossPercent', 'delayMs'], 'link');
    const lossPercent = optNumber(o, 'lossPercent', 0, 100, false) ?? 0;
    const delayMs = optNumber(o, 'delayMs', 0, 60_000) ?? 0;
    return this.onPeer(bgpPeerId, (c) => c.impair(bgpPeerId, { lossPercent, delayMs }));
  }

  // ---- time ----

  timings(): Timings {
    return { ...this.d.timings };
  }

  setTimings(input: unknown): Timings {
    const o: Json = asObject(input, 'the body');
    onlyFields(o, Object.keys(DEFAULT_TIMINGS), 'timings');
    const given = Object.keys(o).map((k) => [k, optNumber(o, k, 0, 86_400_000)!] as const);
    for (const [k, v] of given) this.d.timings[k as keyof Timings] = v;
    return { ...this.d.timings };
  }

  /**
   * Finish now what waits on time: every scheduled status change lands, the data plane applies every
   * BGP change, and sessions coming up are up. Resolves when the store shows it (or after timeoutMs).
   */
  async settle(input: unknown = {}): Promise<SettleResult> {
    const o = asObject(input, 'the body');
    onlyFields(o, ['timeoutMs'], 'settle');
    const timeoutMs = optNumber(o, 'timeoutMs', 0, 600_000) ?? 10_000;
    const hurry = () => this.d.speaker.control?.hurry();
    hurry();
    await runTimedTransitions({ store: this.d.store, vbrChanged: (id) => this.d.reconciler.poke(id) }, Number.MAX_SAFE_INTEGER);
    const pending = await this.d.reconciler.drain(timeoutMs, hurry);
    hurry();
    await this.d.reconciler.observeNow();
    return { pending };
  }

  // ---- the journal ----

  journal(filter: JournalFilter = {}): JournalEntry[] {
    return this.d.journal.read(checkJournalFilter(filter));
  }

  clearJournal(): void {
    this.d.journal.clear();
  }

  // ---- metrics (read often by scrapers: not audited) ----

  metrics(): Promise<{ text: string; contentType: string }> {
    return renderMetrics({
      tallies: this.d.tallies,
      dataPlane: this.d.speaker.kind,
      reconcilerBacklog: () => this.d.reconciler.backlog,
      sessions: async () =>
        (await this.d.store.list<{ BgpStatus: string; bfdStatus: string | null }>({ kind: 'BgpPeer' })).items.map((p) => ({
          bgpStatus: p.data.BgpStatus,
          bfdStatus: p.data.bfdStatus,
        })),
      tableSizes: () => this.d.store.tableSizes(),
      faultRules: () => this.d.faults.size,
      journalEntries: () => this.d.journal.size,
    });
  }
}
