// DesiredVbr → FRR configuration, written exactly as FRR 8.4 prints it in `show running-config`, so that
// the desired and the running configuration can be compared line by line (see config-diff.ts).
import ipaddr from 'ipaddr.js';
import { PermanentSpeakerError, type DesiredVbr, type DesiredPeer, type DesiredGroup } from '../speaker.js';

export type AddressFamily = 'ipv4 unicast' | 'ipv6 unicast';
export const ADDRESS_FAMILIES: readonly AddressFamily[] = ['ipv4 unicast', 'ipv6 unicast'];

/** One `router bgp <asn> vrf <vrf>` block: top-level lines and lines per address family, in FRR's order. */
export interface BgpInstanceConfig {
  asn: number;
  vrf: string;
  lines: string[];
  addressFamilies: Record<AddressFamily, string[]>;
}

/** One bfdd `profile <name>` with every setting explicit (FRR omits defaults when printing). */
export interface BfdProfileConfig {
  name: string;
  detectMultiplier: number;
  receiveInterval: number;
  transmitInterval: number;
  /** Only meaningful for multihop sessions; bfdd's default is 254. */
  minimumTtl: number;
}

export const BFD_PROFILE_DEFAULTS = { detectMultiplier: 3, receiveInterval: 300, transmitInterval: 300, minimumTtl: 254 };

export interface RenderOptions {
  /** The VBR's own ASN, used when no group sets a LocalAsn. Alibaba's is 45104. */
  defaultLocalAsn: number;
  /**
   * keepalive/hold: FRR's defaults (60/180) leave a silent peer "Established" for three minutes when BFD
   * is off. 10/30 notices it in 30 s while tolerating a briefly busy bgpd (100 peers on 2 cores).
   */
  keepaliveSeconds: number;
  holdSeconds: number;
  /** FRR's default connect retry is 120 s: a peer that comes up after us would wait that long. */
  connectRetrySeconds: number;
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = {
  defaultLocalAsn: 45104,
  keepaliveSeconds: 10,
  holdSeconds: 30,
  connectRetrySeconds: 5,
};

export interface RenderedVbr {
  bgp: BgpInstanceConfig;
  bfdProfiles: BfdProfileConfig[];
  /** vrf-normalized peer IP → BgpPeerId, to map observations back. */
  peerIds: Map<string, string>;
}

/** Canonical text of an IP as FRR prints it (lowercase, RFC 5952 compressed IPv6). */
export function canonicalIp(ip: string): string {
  return ipaddr.parse(ip).toString();
}

/** Network address of a prefix, as FRR insists on (`network` refuses host bits). */
export function canonicalPrefix(prefix: string): string {
  const [addr, len] = ipaddr.parseCIDR(prefix);
  const network =
    addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(prefix).toString() : networkAddressV6(addr as ipaddr.IPv6, len);
  return `${network}/${len}`;
}

function networkAddressV6(addr: ipaddr.IPv6, len: number): string {
  const bytes = addr.toByteArray();
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    bytes[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** BFD profile names are global in bfdd, so they carry the VRF name: `<vrf>.sh`, `<vrf>.mh<hops>`. */
export function bfdProfileName(vrf: string, hops: number): string {
  return hops > 1 ? `${vrf}.mh${hops}` : `${vrf}.sh`;
}

export function isProfileOf(vrf: string, profileName: string): boolean {
  return profileName.startsWith(vrf + '.');
}

/**
 * minimum-ttl for a multihop BFD session `hops` away. RFC 5883 senders may start at 255 (most routers)
 * or at the host default 64 (BIRD uses the system TTL for multihop BFD), so accept a TTL-64 sender that
 * is `hops` away; anything stricter drops BIRD's packets.
 */
export function multihopMinimumTtl(hops: number): number {
  return Math.max(1, 65 - hops);
}

const AUTH_KEY = /^[\x21-\x7e]{1,80}$/; // TCP-MD5 keys are at most 80 bytes; FRR takes one word

export function renderVbr(desired: DesiredVbr, vrf: string, options: RenderOptions = DEFAULT_RENDER_OPTIONS): RenderedVbr {
  const instanceAsn = chooseInstanceAsn(desired.groups, options.defaultLocalAsn);
  const lines = [
    `bgp router-id ${canonicalIp(desired.localGatewayIp)}`,
    'no bgp ebgp-requires-policy',
    'no bgp default ipv4-unicast',
    'no bgp network import-check',
  ];
  const afs: Record<AddressFamily, string[]> = { 'ipv4 unicast': [], 'ipv6 unicast': [] };
  const peerIds = new Map<string, string>();
  const profiles = new Map<string, BfdProfileConfig>();

  for (const prefix of [...desired.networks].map(validPrefix).sort(compareForFrr)) {
    afs[prefix.includes(':') ? 'ipv6 unicast' : 'ipv4 unicast'].push(`network ${prefix}`);
  }
  const neighborAfLines: Record<AddressFamily, string[]> = { 'ipv4 unicast': [], 'ipv6 unicast': [] };
  const peers = desired.groups.flatMap((g) => g.peers.map((p) => ({ group: g, peer: p })));
  for (const { group, peer } of peers.sort((a, b) => compareForFrr(canonicalIpOf(a.peer), canonicalIpOf(b.peer)))) {
    const ip = canonicalIpOf(peer);
    if (peerIds.has(ip)) throw new PermanentSpeakerError(`peer IP ${ip} appears twice in VBR ${desired.vbrId}`);
    peerIds.set(ip, peer.bgpPeerId);
    lines.push(...neighborLines(ip, group, peer, instanceAsn, vrf, options));
    if (peer.enableBfd) {
      const name = bfdProfileName(vrf, peer.bfdMultiHop);
      profiles.set(name, {
        name,
        detectMultiplier: desired.detectMultiplier || BFD_PROFILE_DEFAULTS.detectMultiplier,
        receiveInterval: desired.minRxInterval || BFD_PROFILE_DEFAULTS.receiveInterval,
        transmitInterval: desired.minTxInterval || BFD_PROFILE_DEFAULTS.transmitInterval,
        minimumTtl: peer.bfdMultiHop > 1 ? multihopMinimumTtl(peer.bfdMultiHop) : BFD_PROFILE_DEFAULTS.minimumTtl,
      });
    }
    const af: AddressFamily = ip.includes(':') ? 'ipv6 unicast' : 'ipv4 unicast';
    neighborAfLines[af].push(`neighbor ${ip} activate`);
    if (group.routeLimit > 0) neighborAfLines[af].push(`neighbor ${ip} maximum-prefix ${group.routeLimit}`);
  }
  for (const af of ADDRESS_FAMILIES) afs[af].push(...neighborAfLines[af]);
  return {
    bgp: { asn: instanceAsn, vrf, lines, addressFamilies: afs },
    bfdProfiles: [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name)),
    peerIds,
  };
}

/**
 * One VRF runs one BGP instance with one ASN: the LocalAsn of the first group that does not fake it, else
 * the VBR's own. Groups whose LocalAsn differs (IsFakeAsn, or a second real one) get it as `local-as`.
 */
function chooseInstanceAsn(groups: DesiredGroup[], defaultAsn: number): number {
  const real = groups.find((g) => !g.isFakeAsn && g.localAsn > 0);
  return real ? real.localAsn : defaultAsn;
}

function neighborLines(ip: string, group: DesiredGroup, peer: DesiredPeer, instanceAsn: number, vrf: string, o: RenderOptions): string[] {
  const n = `neighbor ${ip}`;
  if (!Number.isInteger(group.peerAsn) || group.peerAsn < 1 || group.peerAsn > 4294967295) {
    throw new PermanentSpeakerError(`group ${group.bgpGroupId}: PeerAsn ${group.peerAsn} is not a valid ASN`);
  }
  const out = [`${n} remote-as ${group.peerAsn}`];
  if (group.localAsn > 0 && group.localAsn !== instanceAsn) out.push(`${n} local-as ${group.localAsn}`);
  if (peer.enableBfd) out.push(`${n} bfd`, `${n} bfd profile ${bfdProfileName(vrf, peer.bfdMultiHop)}`);
  if (peer.bfdMultiHop > 1) {
    if (peer.bfdMultiHop > 255) throw new PermanentSpeakerError(`peer ${peer.bgpPeerId}: BfdMultiHop ${peer.bfdMultiHop} exceeds 255`);
    out.push(`${n} ebgp-multihop ${peer.bfdMultiHop}`);
  }
  if (group.authKey !== '') {
    if (!AUTH_KEY.test(group.authKey)) {
      throw new PermanentSpeakerError(`group ${group.bgpGroupId}: AuthKey must be 1-80 printable characters without spaces`);
    }
    out.push(`${n} password ${group.authKey}`);
  }
  out.push(`${n} timers ${o.keepaliveSeconds} ${o.holdSeconds}`, `${n} timers connect ${o.connectRetrySeconds}`);
  return out;
}

function canonicalIpOf(peer: DesiredPeer): string {
  let ip: string;
  try {
    ip = canonicalIp(peer.peerIp);
  } catch {
    throw new PermanentSpeakerError(`peer ${peer.bgpPeerId}: "${peer.peerIp}" is not an IP address`);
  }
  const isV6 = ip.includes(':');
  if (isV6 !== (peer.ipVersion === 'IPv6')) {
    throw new PermanentSpeakerError(`peer ${peer.bgpPeerId}: ${ip} is not an ${peer.ipVersion} address`);
  }
  return ip;
}

function validPrefix(prefix: string): string {
  try {
    return canonicalPrefix(prefix);
  } catch {
    throw new PermanentSpeakerError(`"${prefix}" is not a valid network prefix`);
  }
}

/** FRR prints neighbors and networks in address order (IPv4 before IPv6); match it so diffs stay quiet. */
function compareForFrr(a: string, b: string): number {
  const pa = ipaddr.parse(a.split('/')[0]!).toByteArray();
  const pb = ipaddr.parse(b.split('/')[0]!).toByteArray();
  if (pa.length !== pb.length) return pa.length - pb.length;
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return Number(a.split('/')[1] ?? 0) - Number(b.split('/')[1] ?? 0);
}

/**
 * The VBR's static routes as staticd prints them inside its `vrf` block (`ip route P NH`, `ipv6 route P NH`),
 * in FRR's order: IPv4 before IPv6, by address.
 */
export function renderStaticRoutes(desired: DesiredVbr): string[] {
  const routes = (desired.staticRoutes ?? []).map((r) => {
    const prefix = validPrefix(r.prefix);
    let nextHop: string;
    try {
      nextHop = canonicalIp(r.nextHop);
    } catch {
      throw new PermanentSpeakerError(`static route ${prefix}: "${r.nextHop}" is not an IP address`);
    }
    return { prefix, nextHop };
  });
  return routes
    .sort((a, b) => compareForFrr(a.prefix, b.prefix))
    .map((r) => `${r.prefix.includes(':') ? 'ipv6' : 'ip'} route ${r.prefix} ${r.nextHop}`);
}
