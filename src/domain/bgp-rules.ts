// Validation rules of the BGP family that are not tied to one action.
import ipaddr from 'ipaddr.js';
import { apiError } from '../errors/catalogue.js';
import type { IpVersion } from '../speaker/speaker.js';

export const ALIBABA_ASN = 45104;
const MAX_ASN = 4294967295;

/** BGP group Name: 2–128 chars, starts with a letter or Chinese character; letters, digits, _ - . */
const GROUP_NAME = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]{1,127}$/;

export function checkGroupName(name: string | undefined, allowEmpty = false): void {
  if (name === undefined || (allowEmpty && name === '')) return;
  if (!GROUP_NAME.test(name) || /^https?:\/\//i.test(name)) throw apiError('InvalidBgpName.Malformed');
}

export function checkGroupDescription(d: string | undefined, allowEmpty = false): void {
  if (d === undefined || (allowEmpty && d === '')) return;
  const ok = d.length >= 2 && d.length <= 256 && /^[A-Za-z\u4e00-\u9fa5]/.test(d) && !/^https?:\/\//i.test(d);
  if (!ok) throw apiError('InvalidBgpDescription.Malformed');
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
