// The emulated data plane (default): no routers, plausible sessions. Applying a VBR takes
// timings.bgpApplyMs; each applied peer then reports Connect, and Established once
// timings.simSessionUpMs have passed (as if a well-behaved customer router answered). It receives no
// routes and advertises the VBR's networks of its address family. State lives in memory: after a
// restart or a fail-over the reconciler re-applies everything, exactly as with a real speaker.
import type { DesiredVbr, Observations, PeerObservation, Speaker } from '../speaker.js';

export interface SimOptions {
  applyMs: number;
  sessionUpMs: number;
}

interface AppliedPeer {
  since: number;
  advertised: number;
  /** The last observation handed out; reused while nothing changes. */
  seen?: PeerObservation;
}

export class SimSpeaker implements Speaker {
  readonly kind = 'sim' as const;
  private readonly vbrs = new Map<string, Map<string, AppliedPeer>>();
  /** The configuration last applied per VBR. */
  private readonly applied = new Map<string, string>();
  /** One group per VBR; a VBR's group is replaced only when its sessions change. */
  private readonly observed = new Map<string, ReadonlyMap<string, PeerObservation>>();
  /** VBRs whose group must be rebuilt: just applied, or sessions still coming up. */
  private readonly rising = new Set<string>();

  constructor(private readonly o: SimOptions) {}

  async applyVbr(d: DesiredVbr): Promise<void> {
    // Re-applying what is already there changes nothing and, as on a real router, takes no time.
    const config = JSON.stringify(d);
    if (this.applied.get(d.vbrId) === config) return;
    if (this.o.applyMs > 0) await new Promise((r) => setTimeout(r, this.o.applyMs));
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
          seen: before?.advertised === advertised ? before.seen : undefined,
        });
      }
    }
    this.vbrs.set(d.vbrId, peers);
    this.rising.add(d.vbrId);
  }

  removeVbr(vbrId: string): Promise<void> {
    this.vbrs.delete(vbrId);
    this.applied.delete(vbrId);
    this.observed.delete(vbrId);
    this.rising.delete(vbrId);
    return Promise.resolve();
  }

  listVbrs(): Promise<string[]> {
    return Promise.resolve([...this.vbrs.keys()]);
  }

  /** Rebuilds only the groups of VBRs that were applied or still have sessions coming up. */
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
    let allUp = true;
    for (const [id, p] of this.vbrs.get(vbrId)!) {
      const up = now - p.since >= this.o.sessionUpMs;
      allUp &&= up;
      const bgpStatus = up ? 'Established' : 'Connect';
      if (p.seen?.bgpStatus !== bgpStatus) {
        p.seen = { bgpStatus, bfdStatus: null, receivedRouteCount: 0, advertisedRouteCount: up ? p.advertised : 0 };
      }
      group.set(id, p.seen);
    }
    this.observed.set(vbrId, group);
    if (allUp) this.rising.delete(vbrId);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
