// The rules of a VBR's route table, independent of the wire: which custom routes it takes, the system
// routes it has of itself (its peering subnets), and where a learned route's next hop sits.
import ipaddr from 'ipaddr.js';
import { apiError } from '../errors/catalogue.js';
import type { IpVersion } from '../speaker/speaker.js';
import type { VbrAssociation, VbrData } from './model.js';

/** Custom routes one VBR route table takes (Alibaba's CreateRouteEntry: "up to 200 custom route entries"). */
export const MAX_CUSTOM_ROUTES = 200;

/** The one next-hop type a VBR route table takes: a router interface of the VBR. */
export const VBR_NEXT_HOP_TYPE = 'RouterInterface';

/** Route entry types DescribeRouteEntryList filters by (RouteEntryType). */
export const ROUTE_ENTRY_TYPES = ['Custom', 'System', 'BGP', 'CEN', 'ECR'] as const;
export type RouteEntryType = (typeof ROUTE_ENTRY_TYPES)[number];

/** Alibaba's shared address space, which no custom route may point into. */
const SHARED_SPACE = ipaddr.parseCIDR('100.64.0.0/10');

/** Route entry names: 1–128 characters, not starting with http:// or https://. Descriptions: 1–256. */
export function isValidEntryText(text: string, max: number): boolean {
  return text.length >= 1 && text.length <= max && !/^https?:\/\//.test(text);
}

export interface RouteCidr {
  /** Network address and length (a bare address is its /32 or /128). */
  cidr: string;
  version: IpVersion;
}

/**
 * A custom route's destination: a prefix with no host bits, or a bare address (its host route). The
 * shared space 100.64.0.0/10 and what it contains are refused.
 */
export function parseRouteCidr(text: string): RouteCidr {
  const withLength = text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(withLength);
  } catch {
    throw apiError('InvalidCidrBlock.Malformed');
  }
  const [addr, len] = parsed;
  if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(withLength.split('/')[0]!))
    throw apiError('InvalidCidrBlock.Malformed');
  const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(withLength) : ipaddr.IPv6.networkAddressFromCIDR(withLength);
  if (network.toString() !== addr.toString()) throw apiError('InvalidCidrBlock.Malformed');
  if (addr.kind() === 'ipv4' && len >= SHARED_SPACE[1] && addr.match(SHARED_SPACE)) throw apiError('InvalidDestinationCidrBlock');
  return { cidr: `${addr.toString()}/${len}`, version: addr.kind() === 'ipv6' ? 'IPv6' : 'IPv4' };
}

/** The normalised form of a CIDR a caller filters by; text that is no CIDR stays as it is (it matches nothing). */
export function normalisedRouteCidr(text: string): string {
  try {
    const withLength = text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`;
    const [addr, len] = ipaddr.parseCIDR(withLength);
    return `${addr.toString()}/${len}`;
  } catch {
    return text;
  }
}

/** Every sub-interface of the VBR: its own circuit's first, then the associated ones. */
export function interfacesOf(vbr: VbrData): VbrAssociation[] {
  return [vbr, ...vbr.associations];
}

/** The VBR's router interface a custom route names as its next hop, or NotFound. */
export function nextHopInterface(vbr: VbrData, nextHopId: string): VbrAssociation {
  const found = interfacesOf(vbr).find((a) => a.VlanInterfaceId === nextHopId);
  if (!found) throw apiError('InvalidNextHopId.NotFound');
  return found;
}

/** The customer's address on an interface for a route of this family (empty: that family is not configured there). */
export function gatewayFor(a: VbrAssociation, version: IpVersion): string {
  return version === 'IPv6' ? (a.EnableIpv6 ? a.PeerIpv6GatewayIp : '') : a.PeerGatewayIp;
}

export interface SystemRoute {
  cidr: string;
  version: IpVersion;
  via: VbrAssociation;
}

/** The peering subnets of every sub-interface, IPv4 and (where enabled) IPv6: the VBR's system routes. */
export function systemRoutes(vbr: VbrData): SystemRoute[] {
  const out: SystemRoute[] = [];
  for (const a of interfacesOf(vbr)) {
    const v4 = ipv4Subnet(a);
    if (v4) out.push({ cidr: v4, version: 'IPv4', via: a });
    if (a.EnableIpv6 && a.PeeringIpv6SubnetMask) out.push({ cidr: a.PeeringIpv6SubnetMask, version: 'IPv6', via: a });
  }
  return out;
}

function ipv4Subnet(a: VbrAssociation): string | undefined {
  try {
    const len = ipaddr.IPv4.parse(a.PeeringSubnetMask).prefixLengthFromSubnetMask();
    if (len === null) return undefined;
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${a.LocalGatewayIp}/${len}`).toString()}/${len}`;
  } catch {
    return undefined;
  }
}

/** The sub-interface whose peering subnet holds an address (a learned route's next hop), else the VBR's own. */
export function interfaceHolding(vbr: VbrData, address: string): VbrAssociation {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return vbr;
  }
  for (const route of systemRoutes(vbr)) {
    const [net, len] = ipaddr.parseCIDR(route.cidr);
    if (net.kind() === ip.kind() && ip.match(net, len)) return route.via;
  }
  return vbr;
}
