// VBR rules that are not tied to one action: peering addresses, VLANs, BFD ranges, bandwidths, the timed lifecycle.
import ipaddr from 'ipaddr.js';
import { apiError } from '../errors/catalogue.js';
import type { VbrAssociation, VbrData } from './model.js';

export const MAX_VLAN = 2999;

/** Circuits one VBR may span, its own included (Alibaba does not publish the limit). */
export const MAX_CIRCUITS_PER_VBR = 4;

/** Bandwidths (Mbit/s) a VBR on a dedicated circuit may be given. */
export const VBR_BANDWIDTHS = [50, 100, 200, 300, 400, 500, 1000, 2048, 5120, 8192, 10240, 20480, 40960, 50120, 61440, 102400];

export const BFD = { minInterval: 200, maxInterval: 1000, minMultiplier: 3, maxMultiplier: 10 } as const;
export const DEFAULTS = { MinTxInterval: 300, MinRxInterval: 300, DetectMultiplier: 3, Mtu: 1500 } as const;

/** /24 to /30, the peering subnets Alibaba accepts. */
const MASK_PREFIX: Record<string, number> = {
  '255.255.255.0': 24,
  '255.255.255.128': 25,
  '255.255.255.192': 26,
  '255.255.255.224': 27,
  '255.255.255.240': 28,
  '255.255.255.248': 29,
  '255.255.255.252': 30,
};

export function isValidVlan(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= MAX_VLAN;
}

function ipv4(text: string): ipaddr.IPv4 | undefined {
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
}

export interface Ipv4Peering {
  LocalGatewayIp: string;
  PeerGatewayIp: string;
  PeeringSubnetMask: string;
}

/**
 * Both gateway addresses well-formed, in one /24–/30 subnet, distinct, and neither the subnet's network
 * nor broadcast address. `malformed` lets ModifyVirtualBorderRouterAttribute report its own code.
 */
export function checkIpv4Peering(p: Ipv4Peering, malformed?: 'InvalidIp.Malformed'): void {
  const local = ipv4(p.LocalGatewayIp);
  if (!local) throw apiError(malformed ?? 'InvalidLocalGatewayIp.Malformed');
  const peer = ipv4(p.PeerGatewayIp);
  if (!peer) throw apiError(malformed ?? 'InvalidPeerGatewayIp.Malformed');
  const prefix = MASK_PREFIX[p.PeeringSubnetMask];
  if (prefix === undefined) throw apiError('InvalidPeeringSubnetMask.Malformed');
  if (!local.match(peer, prefix)) throw apiError('InvalidIp.NotSameSubnet');
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${p.LocalGatewayIp}/${prefix}`).toString();
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(`${p.LocalGatewayIp}/${prefix}`).toString();
  for (const ip of [local, peer]) {
    const s = ip.toString();
    if (s === network || s === broadcast || ['unspecified', 'broadcast', 'multicast', 'linkLocal', 'loopback'].includes(ip.range())) {
      throw apiError('IllegalParam.IpAddress', s);
    }
  }
  if (local.toString() === peer.toString()) throw apiError('IllegalParam.IpAddress', peer.toString());
}

export interface Ipv6Peering {
  LocalIpv6GatewayIp: string;
  PeerIpv6GatewayIp: string;
  PeeringIpv6SubnetMask: string;
}

/** Both IPv6 gateway addresses in the given prefix; without one, the /64 of the Alibaba-side address. Returns the normalised values. */
export function checkIpv6Peering(p: Ipv6Peering): Ipv6Peering {
  const parse6 = (s: string): ipaddr.IPv6 => {
    if (!ipaddr.IPv6.isValid(s)) throw apiError('IllegalParam.IpAddress', s);
    const ip = ipaddr.IPv6.parse(s);
    if (['unspecified', 'multicast', 'loopback', 'linkLocal'].includes(ip.range())) throw apiError('IllegalParam.IpAddress', s);
    return ip;
  };
  const local = parse6(p.LocalIpv6GatewayIp);
  const peer = parse6(p.PeerIpv6GatewayIp);
  let net: ipaddr.IPv6;
  let len: number;
  if (p.PeeringIpv6SubnetMask) {
    let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
      parsed = ipaddr.parseCIDR(p.PeeringIpv6SubnetMask);
    } catch {
      throw apiError('IllegalParam.CidrBlock', p.PeeringIpv6SubnetMask);
    }
    if (parsed[0].kind() !== 'ipv6' || parsed[1] > 127) throw apiError('IllegalParam.CidrBlock', p.PeeringIpv6SubnetMask);
    [net, len] = parsed as [ipaddr.IPv6, number];
  } else {
    [net, len] = [local, 64];
  }
  if (!local.match(net, len) || !peer.match(net, len)) throw apiError('InvalidIp.NotSameSubnet');
  if (local.toString() === peer.toString()) throw apiError('IllegalParam.IpAddress', peer.toString());
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${local.toString()}/${len}`).toString();
  return { LocalIpv6GatewayIp: local.toString(), PeerIpv6GatewayIp: peer.toString(), PeeringIpv6SubnetMask: `${prefix}/${len}` };
}

/** Gateway addresses already used on this VBR's other sub-interfaces: a second one would make routing ambiguous. */
export function checkDistinctGateways(vbr: VbrData, candidate: Partial<VbrAssociation>, exceptCircuit: string): void {
  const others: Partial<VbrAssociation>[] = [
    ...(vbr.PhysicalConnectionId !== exceptCircuit ? [vbr] : []),
    ...vbr.associations.filter((a) => a.PhysicalConnectionId !== exceptCircuit),
  ];
  const clash = (field: keyof VbrAssociation) => {
    const v = candidate[field];
    return typeof v === 'string' && v !== '' && others.some((o) => o[field] === v);
  };
  if (clash('LocalGatewayIp')) throw apiError('DuplicatedParam.LocalGatewayIp');
  if (clash('PeerGatewayIp')) throw apiError('DuplicatedParam.PeerGatewayIp');
  if (clash('LocalIpv6GatewayIp')) throw apiError('DuplicatedParam.LocalIpv6GatewayIp');
  if (clash('PeerIpv6GatewayIp')) throw apiError('DuplicatedParam.PeerIpv6GatewayIp');
}

export function checkBfd(p: { MinTxInterval?: number; MinRxInterval?: number; DetectMultiplier?: number }): void {
  const inRange = (v: number, lo: number, hi: number) => v >= lo && v <= hi;
  if (p.MinTxInterval !== undefined && !inRange(p.MinTxInterval, BFD.minInterval, BFD.maxInterval))
    throw apiError('IllegalParam.MinTxInterval');
  if (p.MinRxInterval !== undefined && !inRange(p.MinRxInterval, BFD.minInterval, BFD.maxInterval))
    throw apiError('IllegalParam.MinRxInterval');
  if (p.DetectMultiplier !== undefined && !inRange(p.DetectMultiplier, BFD.minMultiplier, BFD.maxMultiplier))
    throw apiError('IllegalParam.DetectMultiplier');
}
