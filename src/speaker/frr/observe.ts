// FRR's JSON state → the seam's PeerObservation. Only a handful of fields are read, defensively: the
// JSON is FRR's, not a contract, and fields appear or vanish with the session state.
import type { BgpSessionState, LearnedRoute, PeerObservation } from '../speaker.js';
import { canonicalIp } from './frr-config.js';

export interface BfdPeerState {
  peer: string;
  vrf: string;
  multihop: boolean;
  status: string;
}

const BGP_STATES: Record<string, BgpSessionState> = {
  Idle: 'Idle',
  Connect: 'Connect',
  Active: 'Active',
  OpenSent: 'OpenSent',
  OpenConfirm: 'OpenConfirm',
  Established: 'Established',
  // transient states while FRR tears a session down
  Clearing: 'Idle',
  Deleted: 'Idle',
};

const BFD_STATUS: Record<string, string> = { up: 'Up', down: 'Down', init: 'Init', 'adm-down': 'AdminDown', unknown: 'Down' };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function parseBfdPeers(json: unknown): BfdPeerState[] {
  if (!Array.isArray(json)) return [];
  const out: BfdPeerState[] = [];
  for (const p of json) {
    if (!isRecord(p) || typeof p.peer !== 'string') continue;
    out.push({
      peer: safeCanonical(p.peer),
      vrf: typeof p.vrf === 'string' ? p.vrf : 'default',
      multihop: p.multihop === true,
      status: typeof p.status === 'string' ? p.status : 'unknown',
    });
  }
  return out;
}

/**
 * `show bgp vrf all neighbors json` ({vrf: {vrfId, vrfName, <peerIp>: {...}}}) plus `show bfd peers json`
 * → observations for the peers in `peerIds` (vrf → canonical peer IP → BgpPeerId), one group per VRF. A peer FRR does not
 * have (yet, or any more, e.g. just after a bgpd restart) is reported Idle with zero counts.
 */
export function observePeers(
  neighborsJson: unknown,
  bfdPeers: BfdPeerState[],
  peerIds: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Map<string, Map<string, PeerObservation>> {
  const groups = new Map<string, Map<string, PeerObservation>>();
  const byVrf = isRecord(neighborsJson) ? neighborsJson : {};
  for (const [vrf, peers] of peerIds) {
    const out = new Map<string, PeerObservation>();
    groups.set(vrf, out);
    const vrfNeighbors = isRecord(byVrf[vrf]) ? byVrf[vrf] : {};
    const seen = new Map<string, Record<string, unknown>>();
    for (const [ip, n] of Object.entries(vrfNeighbors)) if (isRecord(n)) seen.set(safeCanonical(ip), n);
    for (const [ip, bgpPeerId] of peers) {
      const n = seen.get(ip);
      if (!n) {
        out.set(bgpPeerId, { bgpStatus: 'Idle', bfdStatus: null, receivedRouteCount: 0, advertisedRouteCount: 0 });
        continue;
      }
      out.set(
        bgpPeerId,
        observeNeighbor(
          n,
          bfdPeers.find((b) => b.vrf === vrf && b.peer === ip),
        ),
      );
    }
  }
  return groups;
}

function observeNeighbor(n: Record<string, unknown>, bfd: BfdPeerState | undefined): PeerObservation {
  const state = typeof n.bgpState === 'string' ? (BGP_STATES[n.bgpState] ?? 'Idle') : 'Idle';
  let received = 0;
  let advertised = 0;
  if (isRecord(n.addressFamilyInfo)) {
    for (const af of Object.values(n.addressFamilyInfo)) {
      if (!isRecord(af)) continue;
      received += num(af.acceptedPrefixCounter);
      advertised += num(af.sentPrefixCounter);
    }
  }
  // bfdd's own view is authoritative; bgpd's copy (peerBfdInfo) lags and is only a fallback.
  let bfdStatus: string | null = null;
  if (bfd) bfdStatus = BFD_STATUS[bfd.status] ?? bfd.status;
  else if (isRecord(n.peerBfdInfo) && typeof n.peerBfdInfo.status === 'string') {
    bfdStatus = BFD_STATUS[n.peerBfdInfo.status.toLowerCase()] ?? n.peerBfdInfo.status;
  }
  return {
    bgpStatus: state,
    bfdStatus,
    receivedRouteCount: state === 'Established' ? received : 0,
    advertisedRouteCount: state === 'Established' ? advertised : 0,
  };
}

function safeCanonical(ip: string): string {
  try {
    return canonicalIp(ip);
  } catch {
    return ip;
  }
}

const ORIGINS: Record<string, LearnedRoute['origin']> = { IGP: 'IGP', EGP: 'EGP', incomplete: 'incomplete', '?': 'incomplete' };

/**
 * `show bgp vrf all <afi> unicast json` ({vrf: {routes: {prefix: [path…]}}}) → the valid paths each peer
 * gave, per VRF and canonical peer IP, in prefix order. Paths of the VBR's own networks carry no peer and
 * are left out.
 */
export function parseLearnedRoutes(ribJson: unknown): Map<string, Map<string, LearnedRoute[]>> {
  const out = new Map<string, Map<string, LearnedRoute[]>>();
  if (!isRecord(ribJson)) return out;
  for (const [vrf, table] of Object.entries(ribJson)) {
    if (!isRecord(table) || !isRecord(table.routes)) continue;
    const byPeer = new Map<string, LearnedRoute[]>();
    out.set(vrf, byPeer);
    for (const [prefix, paths] of Object.entries(table.routes)) {
      if (!Array.isArray(paths)) continue;
      for (const path of paths) {
        if (!isRecord(path) || path.valid !== true || typeof path.peerId !== 'string') continue;
        let peer: string;
        try {
          peer = canonicalIp(path.peerId);
        } catch {
          continue; // "(unspec)": the VBR's own network
        }
        const hops = Array.isArray(path.nexthops) ? path.nexthops : [];
        const first = hops.find((h): h is Record<string, unknown> => isRecord(h) && typeof h.ip === 'string');
        const route: LearnedRoute = {
          prefix,
          nextHop: first ? safeCanonical(first.ip as string) : peer,
          asPath: typeof path.path === 'string' ? path.path : '',
          origin: ORIGINS[typeof path.origin === 'string' ? path.origin : ''] ?? 'incomplete',
        };
        const list = byPeer.get(peer) ?? [];
        list.push(route);
        byPeer.set(peer, list);
      }
    }
  }
  for (const byPeer of out.values()) for (const list of byPeer.values()) list.sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
  return out;
}

/** Observations with the routes each Established peer was seen to give (from parseLearnedRoutes, both families). */
export function withLearnedRoutes(
  groups: Map<string, Map<string, PeerObservation>>,
  learned: Map<string, Map<string, LearnedRoute[]>>[],
  peerIds: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Map<string, Map<string, PeerObservation>> {
  for (const [vrf, peers] of peerIds) {
    const group = groups.get(vrf);
    if (!group) continue;
    for (const [ip, bgpPeerId] of peers) {
      const o = group.get(bgpPeerId);
      if (!o || o.bgpStatus !== 'Established') continue;
      const routes = learned.flatMap((l) => l.get(vrf)?.get(ip) ?? []);
      if (routes.length > 0) group.set(bgpPeerId, { ...o, receivedRoutes: routes.sort((a, b) => (a.prefix < b.prefix ? -1 : 1)) });
    }
  }
  return groups;
}
