// The emulated data plane (default): no routers, plausible sessions. Applying a VBR takes
// timings.bgpApplyMs; each applied peer then reports Connect, and Established once
// timings.simSessionUpMs have passed (as if a well-behaved customer router answered). It receives no
// routes and advertises the VBR's networks of its address family. State lives in memory: after a
// restart or a fail-over the reconciler re-applies everything, exactly as with a real speaker.
//
// Its control (DataPlaneControl) plays the customer's router: it can hold a session Idle, Connect or
// Active, flap it, and announce routes; routes beyond the group's RouteLimit are denied while the
// session stays up, as Alibaba documents for a VBR's peers (the first ones announced are kept).
import ipaddr from 'ipaddr.js';
import {
  sameRoutes,
  UnknownPeerError,
  UnsupportedControlError,
  type BgpSessionState,
  type ControlledSessionState,
  type DataPlaneControl,
  type DesiredVbr,
  type LearnedRoute,
  type LinkImpairment,
  type Observations,
  type PeerObservation,
  type Speaker,
} from '../speaker.js';

/** Read at every use, so timings changed at run time (the control API) apply from then on. */
export interface SimOptions {
  readonly applyMs: number;
  readonly sessionUpMs: number;
}

interface AppliedPeer {
  /** When the session started coming up (in the future while a flap holds it down). */
  since: number;
  advertised: number;
  /** The group's maximum-prefix limit. */
  routeLimit: number;
  /** The customer's address and ASN: the next hop and AS path of what it announces. */
  peerIp: string;
  peerAsn: number;
  /** The last observation handed out; reused while nothing changes. */
  seen?: PeerObservation;
}

/** What the customer's side was told to do with one session. */
interface Override {
  /** Held in this state (never Established: that is the default). */
  held?: Exclude<ControlledSessionState, 'Established'>;
  /** Down until then (a flap). */
  downUntil?: number;
  /** Prefixes the customer announces. */
  routes?: readonly string[];
}

export class SimSpeaker implements Speaker {
  readonly kind = 'sim' as const;
  readonly control: DataPlaneControl;
  private readonly vbrs = new Map<string, Map<string, AppliedPeer>>();
  /** The configuration last applied per VBR. */
  private readonly applied = new Map<string, string>();
  /** One group per VBR; a VBR's group is replaced only when its sessions change. */
  private readonly observed = new Map<string, ReadonlyMap<string, PeerObservation>>();
  /** VBRs whose group must be rebuilt: just applied, sessions still coming up, or told to change. */
  private readonly rising = new Set<string>();
  private readonly overrides = new Map<string, Override>();
  /** Applies waiting out applyMs, which hurry() ends at once. */
  private readonly waiting = new Set<() => void>();

  constructor(private readonly o: SimOptions) {
    this.control = {
      setSession: (id, state) => this.setSession(id, state),
      flap: (id, downMs) => this.flap(id, downMs),
      setReceivedRoutes: (id, prefixes) => this.setRoutes(id, prefixes),
      impair: (_id: string, _i: LinkImpairment) =>
        Promise.reject(new UnsupportedControlError('loss and delay need a real link: run vbrd with --data-plane frr')),
      clear: () => this.clearOverrides(),
      hurry: () => this.hurry(),
    };
  }

  async applyVbr(d: DesiredVbr): Promise<void> {
    // Re-applying what is already there changes nothing and, as on a real router, takes no time.
    const config = JSON.stringify(d);
    if (this.applied.get(d.vbrId) === config) return;
    if (this.o.applyMs > 0) await this.wait(this.o.applyMs);
    this.applied.set(d.vbrId, config);
    const old = this.vbrs.get(d.vbrId);
    const now = Date.now();
    const peers = new Map<string, AppliedPeer>();
    for (const g of d.groups) {
      for (const p of g.peers) {
        const v6 = p.ipVersion === 'IPv6';
        const advertised = d.networks.filter((n) => n.includes(':') === v6).length;
        const before = old?.get(p.bgpPeerId);
        peers.set(p.bgpPeerId, {
          since: before?.since ?? now,
          advertised,
          routeLimit: g.routeLimit,
          peerIp: p.peerIp,
          peerAsn: g.peerAsn,
          seen: before?.advertised === advertised && before.routeLimit === g.routeLimit ? before.seen : undefined,
        });
      }
    }
    this.vbrs.set(d.vbrId, peers);
    this.rising.add(d.vbrId);
  }

  removeVbr(vbrId: string): Promise<void> {
    for (const id of this.vbrs.get(vbrId)?.keys() ?? []) this.overrides.delete(id);
    this.vbrs.delete(vbrId);
    this.applied.delete(vbrId);
    this.observed.delete(vbrId);
    this.rising.delete(vbrId);
    return Promise.resolve();
  }

  listVbrs(): Promise<string[]> {
    return Promise.resolve([...this.vbrs.keys()]);
  }

  /** Rebuilds only the groups of VBRs that were applied, have sessions coming up, or were told to change. */
  observe(): Promise<Observations> {
    const now = Date.now();
    for (const vbrId of this.rising) this.rebuild(vbrId, now);
    return Promise.resolve(new Map(this.observed));
  }

  observeVbr(vbrId: string): Promise<ReadonlyMap<string, PeerObservation>> {
    if (this.rising.has(vbrId)) this.rebuild(vbrId, Date.now());
    return Promise.resolve(this.observed.get(vbrId) ?? new Map());
  }

  private rebuild(vbrId: string, now: number): void {
    const group = new Map<string, PeerObservation>();
    let settled = true;
    for (const [id, p] of this.vbrs.get(vbrId)!) {
      const { state, final } = this.sessionOf(id, p, now);
      settled &&= final;
      const o = this.overrides.get(id);
      const up = state === 'Established';
      const routes = up && o?.routes ? learned(o.routes, p) : [];
      const obs: PeerObservation = {
        bgpStatus: state,
        bfdStatus: null,
        receivedRouteCount: routes.length,
        advertisedRouteCount: up ? p.advertised : 0,
        ...(routes.length > 0 ? { receivedRoutes: routes } : {}),
      };
      if (!p.seen || !sameObservation(p.seen, obs)) p.seen = obs;
      group.set(id, p.seen);
    }
    this.observed.set(vbrId, group);
    if (settled) this.rising.delete(vbrId);
  }

  /** The session's state now, and whether it stays so without further telling. */
  private sessionOf(id: string, p: AppliedPeer, now: number): { state: BgpSessionState; final: boolean } {
    const o = this.overrides.get(id);
    if (o?.held) return { state: o.held, final: true };
    if (o?.downUntil !== undefined && now < o.downUntil) return { state: 'Idle', final: false };
    const up = now - p.since >= this.o.sessionUpMs;
    return { state: up ? 'Established' : 'Connect', final: up };
  }

  private find(id: string): { vbrId: string; peer: AppliedPeer } {
    for (const [vbrId, peers] of this.vbrs) {
      const peer = peers.get(id);
      if (peer) return { vbrId, peer };
    }
    throw new UnknownPeerError(id);
  }

  private async override(id: string, change: (o: Override, peer: AppliedPeer) => void): Promise<void> {
    const { vbrId, peer } = this.find(id);
    const o = this.overrides.get(id) ?? {};
    change(o, peer);
    if (o.held === undefined && o.downUntil === undefined && o.routes === undefined) this.overrides.delete(id);
    else this.overrides.set(id, o);
    this.rising.add(vbrId);
  }

  private setSession(id: string, state: ControlledSessionState): Promise<void> {
    return this.override(id, (o, peer) => {
      delete o.downUntil;
      if (state === 'Established') {
        // The customer lets the session up: it is up now, as asked.
        delete o.held;
        peer.since = -Infinity;
      } else {
        o.held = state;
        // Whenever it is let go again, it comes up anew.
        peer.since = Infinity;
      }
    });
  }

  private flap(id: string, downMs: number): Promise<void> {
    return this.override(id, (o, peer) => {
      delete o.held;
      o.downUntil = Date.now() + downMs;
      // Back up after the flap: Connect for sessionUpMs, then Established, as a new session comes up.
      peer.since = o.downUntil;
    });
  }

  private setRoutes(id: string, prefixes: readonly string[]): Promise<void> {
    return this.override(id, (o) => {
      if (prefixes.length === 0) delete o.routes;
      else o.routes = [...prefixes];
    });
  }

  private clearOverrides(): Promise<void> {
    const now = Date.now();
    for (const [id, o] of this.overrides) {
      const found = this.lookup(id);
      if (!found) continue;
      // A session that was held down comes up anew.
      if (o.held || o.downUntil !== undefined) found.peer.since = now;
      this.rising.add(found.vbrId);
    }
    this.overrides.clear();
    return Promise.resolve();
  }

  private lookup(id: string): { vbrId: string; peer: AppliedPeer } | undefined {
    try {
      return this.find(id);
    } catch {
      return undefined;
    }
  }

  private hurry(): void {
    for (const done of [...this.waiting]) done();
    for (const [vbrId, peers] of this.vbrs) {
      for (const [id, p] of peers) {
        const o = this.overrides.get(id);
        if (o?.downUntil !== undefined) {
          delete o.downUntil;
          if (o.held === undefined && o.routes === undefined) this.overrides.delete(id);
        }
        if (!o?.held && p.since !== -Infinity) p.since = -Infinity;
      }
      this.rising.add(vbrId);
    }
  }

  /** Sleep ms, or less when hurry() comes first. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
    });
  }

  close(): Promise<void> {
    for (const done of [...this.waiting]) done();
    return Promise.resolve();
  }
}

function sameObservation(a: PeerObservation, b: PeerObservation): boolean {
  return (
    a.bgpStatus === b.bgpStatus &&
    a.bfdStatus === b.bfdStatus &&
    a.receivedRouteCount === b.receivedRouteCount &&
    a.advertisedRouteCount === b.advertisedRouteCount &&
    sameRoutes(a.receivedRoutes, b.receivedRoutes)
  );
}

/** What the emulated customer announces, as the VBR learns it: from the customer's address, its AS alone on the path. */
/** The routes the VBR accepts: the first RouteLimit distinct prefixes announced; the rest are denied. */
function learned(prefixes: readonly string[], p: AppliedPeer): LearnedRoute[] {
  return [...new Set(prefixes.map(networkOf))]
    .slice(0, p.routeLimit)
    .sort()
    .map((prefix) => ({ prefix, nextHop: p.peerIp, asPath: String(p.peerAsn), origin: 'IGP' as const }));
}

/** A prefix as a router holds it: its network address (a control call may name one with host bits). */
function networkOf(prefix: string): string {
  const [addr, len] = ipaddr.parseCIDR(prefix);
  const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(prefix) : ipaddr.IPv6.networkAddressFromCIDR(prefix);
  return `${network.toString()}/${len}`;
}
