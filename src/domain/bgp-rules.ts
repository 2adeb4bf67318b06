// Validation rules of the BGP family that are not tied to one action.
import ipaddr from 'ipaddr.js';
import { apiError } from '../errors/catalogue.js';
import type { ApiError } from '../errors/api-error.js';
import type { IpVersion } from '../speaker/speaker.js';
import type { VbrData } from './model.js';

export const ALIBABA_ASN = 45104;
const MAX_ASN = 4294967295;

/** BGP group Name: 2–128 chars, starts with a letter or Chinese character; letters, digits, _ - . */
const GROUP_NAME = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]{1,127}$/;

export function checkGroupName(name: string | undefined, allowEmpty = false): void {
  if (name === undefined || (allowEmpty && name === '')) return;
  if (!GROUP_NAME.test(name) || /^https?:\/\//i.test(name)) throw apiError('InvalidBgpName.Malformed');
}

/**
 * BGP group Description: 2–256 chars, starts with a letter or Chinese character, not a URL. CreateBgpGroup's
 * reference spells the code InvalidBgpDescription.Malformed; ModifyBgpGroupAttribute's lists only
 * InvalidBgpDiscription.Malformed (sic), so Modify passes that one.
 */
export function checkGroupDescription(
  d: string | undefined,
  code: 'InvalidBgpDescription.Malformed' | 'InvalidBgpDiscription.Malformed' = 'InvalidBgpDescription.Malformed',
): void {
  if (d === undefined) return;
  const ok = d.length >= 2 && d.length <= 256 && /^[A-Za-z\u4e00-\u9fa5]/.test(d) && !/^https?:\/\//i.test(d);
  if (!ok) throw apiError(code);
}

/** MD5 key: 1–64 printable ASCII characters without white space (it becomes a TCP-MD5 password). */
export function checkAuthKey(k: string | undefined): void {
  if (k === undefined) return;
  if (!/^[\x21-\x7e]{1,64}$/.test(k)) throw apiError('InvalidBgpAuthkey.Malformed');
}

export function checkPeerAsn(asn: number): void {
  if (!Number.isInteger(asn) || asn < 1 || asn > MAX_ASN) throw apiError('IllegalParam.PeerAsn');
  if (asn === ALIBABA_ASN) throw apiError('InvalidPeerAsn.Malformed');
}

/** LocalAsn: 45104, 64512–65534 (65025 reserved) or 4200000000–4294967294. */
export function checkLocalAsn(asn: number | undefined): void {
  if (asn === undefined || asn === ALIBABA_ASN) return;
  if (!Number.isInteger(asn) || asn < 1 || asn > MAX_ASN) throw apiError('IllegalParam.LocalAsn');
  const privateRange = (asn >= 64512 && asn <= 65534 && asn !== 65025) || (asn >= 4200000000 && asn <= 4294967294);
  if (!privateRange) throw apiError('InvalidBgpGroup.LocalAsnInvalid');
}

/** IPv4/IPv6, any letter case (Terraform sends IPV4). */
export function parseIpVersion(v: string | undefined): IpVersion | undefined {
  if (v === undefined) return undefined;
  const l = v.toLowerCase();
  if (l === 'ipv4') return 'IPv4';
  if (l === 'ipv6') return 'IPv6';
  throw apiError('IllegalParam.IpVersion');
}

/** Dotted decimal with four parts and no leading zeros: what ipaddr.js calls a four-part decimal. */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

/** A peer address: well-formed (else InvalidIP.Malformed), of the right family and a unicast host address (else IllegalParam.PeerIpAddress). Returns it normalised. */
export function parsePeerIp(text: string, version: IpVersion): string {
  const ip = parseIp(text);
  if (!ip) throw apiError('InvalidIP.Malformed');
  if ((ip.kind() === 'ipv6') !== (version === 'IPv6')) throw apiError('IllegalParam.PeerIpAddress');
  const range = ip.range();
  if (['unspecified', 'multicast', 'loopback', 'broadcast'].includes(range)) throw apiError('IllegalParam.PeerIpAddress');
  if (ip.kind() === 'ipv4' && !FOUR_PART_DECIMAL.test(text)) throw apiError('InvalidIP.Malformed');
  return ip.toString();
}

/** Whether `text` is the address `normalised` (as parsePeerIp returns it) written some way. */
export function isAddress(text: string, normalised: string): boolean {
  if (text === normalised) return true;
  const ip = text ? parseIp(text) : undefined;
  return ip !== undefined && ip.toString() === normalised;
}

/** The VBR's own (Alibaba-side) gateway addresses of one family: on its own circuit and on every associated one. */
export function localGatewayAddresses(vbr: VbrData, version: IpVersion): string[] {
  return [vbr, ...vbr.associations].map((s) => (version === 'IPv6' ? s.LocalIpv6GatewayIp : s.LocalGatewayIp)).filter((a) => a !== '');
}

/**
 * A peer address must not be an address the VBR itself already holds, the local end of its sessions:
 * DuplicatedParam.LocalIpAddress / DuplicatedParam.LocalIpv6Address ("The Local… already exists.").
 * `ip` is normalised (parsePeerIp).
 */
export function checkNotLocalAddress(vbr: VbrData, ip: string, version: IpVersion): void {
  if (localGatewayAddresses(vbr, version).some((a) => isAddress(a, ip)))
    throw apiError(version === 'IPv6' ? 'DuplicatedParam.LocalIpv6Address' : 'DuplicatedParam.LocalIpAddress');
}

/**
 * The error for a peer address that another live peer of the VBR already has. An IPv6 address:
 * DuplicatedParam.PeerIpv6Address ("The PeerIpv6Address already exists."). An IPv4 one on CreateBgpPeer:
 * BgpPeer.Already.Exists in the same group, InvalidParams.PeerIpAddressInUse in another; on
 * ModifyBgpPeerAttribute, whose reference lists neither of those, DuplicatedParam.PeerIpAddress.
 */
export function peerAddressTaken(version: IpVersion, sameGroup: boolean, action: 'create' | 'modify'): ApiError {
  if (version === 'IPv6') return apiError('DuplicatedParam.PeerIpv6Address');
  if (action === 'modify') return apiError('DuplicatedParam.PeerIpAddress');
  return apiError(sameGroup ? 'BgpPeer.Already.Exists' : 'InvalidParams.PeerIpAddressInUse');
}

/**
 * One parse, of the family the text can be (only IPv6 has colons), as ipaddr.parse would give it:
 * that one tries both families and parses the text again once it found which. Undefined when not an address.
 */
function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    return text.includes(':') ? ipaddr.IPv6.parse(text) : ipaddr.IPv4.parse(text);
  } catch {
    return undefined;
  }
}

export interface ParsedCidr {
  cidr: string;
  version: IpVersion;
}

/**
 * An advertised prefix: a network address with its length, or a bare address, which is that host's route
 * (/32 or /128): Terraform's own test advertises `192.168.0.1` and reads it back. `cidr` is the normalised
 * prefix with its length (what identifies the network); callers echo the text as written.
 */
export function parseNetworkCidr(text: string): ParsedCidr {
  if (!text.includes('/')) {
    const host = parseIp(text);
    if (!host) throw apiError('InvalidDestCidrBlock.Malformed');
    return parseNetworkCidr(`${text}/${host.kind() === 'ipv6' ? 128 : 32}`);
  }
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    throw apiError('InvalidDestCidrBlock.Malformed');
  }
  const [addr, len] = parsed;
  if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(text.split('/')[0])) throw apiError('InvalidDestCidrBlock.Malformed');
  const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== addr.toString()) throw apiError('IllegalParamFormat.DstCidrBlock');
  if (addr.kind() === 'ipv4' && addr.match(ipaddr.parseCIDR('224.0.0.0/4'))) throw apiError('IllegalParam.ConflictWithDClass');
  return { cidr: `${addr.toString()}/${len}`, version: addr.kind() === 'ipv6' ? 'IPv6' : 'IPv4' };
}
