// Whether `vbrd serve` may listen where it was told: development credentials, and plain HTTP without
// --insecure-http, are for loopback only. A host name is resolved and every address it names is
// checked (`127.attacker.example` is a name like any other); the address the server then bound is
// checked again, as a name may resolve differently the second time.
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { ConfigError, type ServerConfig } from './server-config.js';

export type Lookup = (host: string) => Promise<string[]>;

const lookupAll: Lookup = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** An IP address in 127.0.0.0/8 or ::1 (IPv4-mapped included); false for anything that is not an address. */
export function isLoopbackAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let a = ipaddr.parse(address);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return a.range() === 'loopback';
}

/** Why this configuration must listen on loopback only, or undefined when it may listen anywhere. */
export function loopbackReason(config: Pick<ServerConfig, 'devCredentials' | 'tls' | 'insecureHttp'>): string | undefined {
  if (config.devCredentials) return 'with development credentials: set VBRD_ACCOUNT_ID, VBRD_ACCESS_KEY_ID and VBRD_ACCESS_KEY_SECRET';
  if (!config.tls && !config.insecureHttp)
    return 'without TLS: give --tls-cert and --tls-key, or --insecure-http to serve plain HTTP (secrets then cross the network readable)';
  return undefined;
}

/** Refuses (ConfigError) a host that is not loopback, or names any address that is not, when the configuration needs loopback. */
export async function checkListenHost(config: ServerConfig, lookup: Lookup = lookupAll): Promise<void> {
  const reason = loopbackReason(config);
  if (reason === undefined) return;
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(config.host) ? [config.host] : await lookup(config.host);
  } catch (e) {
    throw new ConfigError(`cannot resolve --host ${config.host}: ${(e as Error).message}`);
  }
  const outside = addresses.filter((a) => !isLoopbackAddress(a));
  if (addresses.length === 0 || outside.length > 0) {
    const names = addresses.length === 0 ? 'no address' : outside.join(', ');
    throw new ConfigError(`refusing to listen on ${config.host}${ipaddr.isValid(config.host) ? '' : ` (${names})`} ${reason}`);
  }
}

/** The same rule for the address the server bound. */
export function checkBoundAddress(config: ServerConfig, address: string): void {
  const reason = loopbackReason(config);
  if (reason !== undefined && !isLoopbackAddress(address)) throw new ConfigError(`refusing to listen on ${address} ${reason}`);
}
