// Typed readings of condition values, shared by the parser (to reject bad policy values at CreatePolicy time)
// and the evaluator (to read request values). Each reader returns undefined for anything it cannot read.
import ipaddr from 'ipaddr.js';

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number as written in a policy; `Number('')` would say 0, hence the pattern. */
export function readNumber(text: string): number | undefined {
  if (!DECIMAL.test(text.trim())) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

// ISO 8601 as RAM documents it for acs:CurrentTime (e.g. 2012-11-11T23:59:59Z): a date, optionally a time with
// optional seconds/fraction, optionally a zone. A time without a zone is read as UTC rather than server-local.
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds since the epoch, or undefined if the text is not an ISO 8601 date(-time). */
export function readIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, day, hm, sec, zone] = m;
  let seconds = sec ?? ':00';
  // JS Date only keeps milliseconds; drop further fraction digits instead of failing.
  seconds = seconds.replace(/^(:\d{2}\.\d{3})\d+$/, '$1');
  const z = zone === undefined ? 'Z' : zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const iso = hm === undefined ? `${day}T00:00:00Z` : `${day}T${hm}${seconds}${z}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls over impossible days (Feb 30); require the calendar date to survive the round trip.
  if (new Date(Date.parse(`${day}T00:00:00Z`)).toISOString().slice(0, 10) !== day) return undefined;
  return ms;
}

/** `true` / `false`, case-insensitively. */
export function readBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A network as [address, prefix length]; a bare address is its own full-length network. */
export type Network = [Address, number];

function isStrictAddress(text: string): boolean {
  // ipaddr.isValid also accepts legacy IPv4 forms like "10.1" or "0x0a.0.0.1"; policies must not.
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/** A single IP address (IPv4 dotted quad or IPv6). IPv4-mapped IPv6 addresses are unwrapped to IPv4. */
export function readAddress(text: string): Address | undefined {
  const t = text.trim();
  if (!isStrictAddress(t)) return undefined;
  return ipaddr.process(t);
}

/** An IP address or CIDR block as a policy value for IpAddress / NotIpAddress. */
export function readNetwork(text: string): Network | undefined {
  const t = text.trim();
  if (t.includes('/')) {
    const [addr] = t.split('/');
    if (addr === undefined || !isStrictAddress(addr)) return undefined;
    if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(t) && !ipaddr.IPv6.isValidCIDR(t)) return undefined;
    return ipaddr.parseCIDR(t);
  }
  const a = readAddress(t);
  if (a === undefined) return undefined;
  return [a, a.kind() === 'ipv4' ? 32 : 128];
}

/** Whether `address` lies in `network`, treating IPv4 and its IPv4-mapped IPv6 form as the same address. */
export function inNetwork(address: Address, network: Network): boolean {
  const [net, bits] = network;
  if (address.kind() === net.kind()) return address.match(net, bits);
  if (address.kind() === 'ipv4' && net.kind() === 'ipv6') {
    return (address as ipaddr.IPv4).toIPv4MappedAddress().match(net, bits);
  }
  if (address.kind() === 'ipv6' && net.kind() === 'ipv4' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address().match(net, bits);
  }
  return false;
}
