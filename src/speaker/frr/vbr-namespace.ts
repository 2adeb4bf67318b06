// One VBR = one network namespace (an FRR VRF under `zebra -n`), linked to the circuit's far side.
// The link: a VLAN sub-interface where the kernel has 802.1Q; otherwise (as on this project's machines)
// a veth pair per VBR whose far end, in the far-side namespace, is named `vlan<VlanId>` and stands in for
// the VLAN sub-interface. The far end gets no address: that is the customer router's business.
// Every `ip` run is a process spawn (5-10 ms on a busy machine), so the steady state — an apply that finds
// everything in place — reads the namespace once (links, aliases, flags, addresses) and changes nothing.
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { runCommand, tryCommand, CommandError } from './run-command.js';

/** FRR's VRF names are limited to 35 characters (VRF_NAMSIZ 36); stay well inside. */
export const MAX_NAMESPACE_NAME = 31;
/** Written as the `lo` alias of every VBR namespace, so its VBR id survives a vbrd crash. */
const ALIAS_TAG = 'vbrd-vbr=';

export function namespaceNameFor(prefix: string, vbrId: string): string {
  const suffix = vbrId
    .replace(/^vbr-/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const readable = prefix + suffix;
  if (suffix !== '' && readable.length <= MAX_NAMESPACE_NAME) return readable;
  // Too long to read back from the name: a stable digest keeps it unique; the alias keeps the id.
  const room = MAX_NAMESPACE_NAME - prefix.length;
  if (room < 8) throw new Error(`namespace prefix "${prefix}" is too long (max ${MAX_NAMESPACE_NAME - 8} characters)`);
  return prefix + createHash('sha256').update(vbrId).digest('hex').slice(0, room);
}

export function vlanInterfaceName(vlanId: number): string {
  return `vlan${vlanId}`;
}

export type LinkMode = 'vlan' | 'veth';

interface IpAddrInfo {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  scope: string;
}

/** One link of `ip -j -d addr show`: the link's own attributes and its addresses. */
export interface IpLink {
  ifname: string;
  ifalias?: string;
  flags?: string[];
  link_netnsid?: number;
  link?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: IpAddrInfo[];
}

async function ipJson<T>(args: string[]): Promise<T> {
  const { stdout } = await runCommand('ip', ['-j', ...args]);
  return (stdout.trim() === '' ? [] : JSON.parse(stdout)) as T;
}

/** What `ip netns list` would say, without a process: named namespaces are the entries of /run/netns. */
export async function namespaceExists(name: string): Promise<boolean> {
  try {
    await access(`/run/netns/${name}`);
    return true;
  } catch {
    return false;
  }
}

/** Links of a namespace with their addresses, in one `ip` run. */
export function readNamespaceLinks(name: string): Promise<IpLink[]> {
  return ipJson<IpLink[]>(['-d', '-n', name, 'addr', 'show']);
}

/** Namespaces carrying our alias tag whose name starts with `prefix`: name → VBR id. */
export async function listVbrNamespaces(prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const list = await ipJson<{ name: string }[]>(['netns', 'list']);
  for (const { name } of list) {
    if (!name.startsWith(prefix)) continue;
    const links = await ipJson<IpLink[]>(['-n', name, 'link', 'show', 'lo']).catch(() => []);
    const alias = links[0]?.ifalias ?? '';
    if (alias.startsWith(ALIAS_TAG)) found.set(name, alias.slice(ALIAS_TAG.length));
  }
  return found;
}

/** Makes the namespace exist with `lo` up and tagged with the VBR id; returns its links as found. */
export async function ensureVbrNamespace(name: string, vbrId: string): Promise<IpLink[]> {
  if (!(await namespaceExists(name))) {
    try {
      await runCommand('ip', ['netns', 'add', name]);
    } catch (e) {
      if (!(await namespaceExists(name))) throw e;
    }
  }
  const links = await readNamespaceLinks(name);
  const lo = links.find((l) => l.ifname === 'lo');
  if (!lo || lo.ifalias !== ALIAS_TAG + vbrId || !isUp(lo)) {
    await runCommand('ip', ['-n', name, 'link', 'set', 'lo', 'up', 'alias', ALIAS_TAG + vbrId]);
  }
  return links;
}

function isUp(link: IpLink): boolean {
  return link.flags?.includes('UP') ?? false;
}

export async function deleteVbrNamespace(name: string): Promise<void> {
  if (!(await namespaceExists(name))) return;
  // Delete our link ends first: the namespace itself lingers while any daemon still holds a reference,
  // and the far end must disappear from the customer's side now.
  const links = await ipJson<IpLink[]>(['-n', name, '-d', 'link', 'show']).catch(() => []);
  for (const l of links) {
    if (l.ifname === 'lo') continue;
    await tryCommand('ip', ['-n', name, 'link', 'del', l.ifname]);
    const far = l.ifalias?.startsWith('far=') ? l.ifalias.slice(4) : '';
    if (l.linkinfo?.info_kind === 'vlan' && far) await tryCommand('ip', ['-n', far, 'link', 'del', l.ifname]);
  }
  await runCommand('ip', ['netns', 'del', name]);
}

let vlanSupport: Promise<boolean> | null = null;

/** Whether `ip link add ... type vlan` works here; probed once, inside a throwaway namespace. */
export function kernelHasVlan(probeNamespace: string): Promise<boolean> {
  vlanSupport ??= (async () => {
    const ns = `${probeNamespace}-vlanprobe`.slice(0, MAX_NAMESPACE_NAME);
    await tryCommand('ip', ['netns', 'add', ns]);
    try {
      await runCommand('ip', ['-n', ns, 'link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'p1']);
      return await tryCommand('ip', ['-n', ns, 'link', 'add', 'link', 'p0', 'name', 'p0.7', 'type', 'vlan', 'id', '7']);
    } catch {
      return false;
    } finally {
      await tryCommand('ip', ['netns', 'del', ns]);
    }
  })();
  return vlanSupport;
}

export interface VbrLinkSpec {
  namespace: string;
  farSideNamespace: string;
  vlanId: number;
  mode: LinkMode;
  /** Only for mode 'vlan': the provider host namespace and the trunk's name there (trunkInterfaceFor). */
  trunk?: { hostNamespace: string; interface: string };
  /** CIDR strings for the VBR end, e.g. 192.0.2.1/30, 2001:db8::1/126. */
  addresses: string[];
}

/**
 * Makes the VBR's link exist, point at the right far side, carry exactly `addresses`, and be up.
 * The VBR end is named like the far end (`vlan<VlanId>`); its alias records the far-side namespace so a
 * moved circuit is noticed and relinked.
 */
export async function ensureVbrLink(spec: VbrLinkSpec, current?: IpLink[]): Promise<void> {
  const ifname = vlanInterfaceName(spec.vlanId);
  const alias = `far=${spec.farSideNamespace}`;
  const links = current ?? (await readNamespaceLinks(spec.namespace));
  let present: IpLink | undefined;
  for (const l of links) {
    if (l.ifname === 'lo') continue;
    if (l.ifname === ifname && l.ifalias === alias) present = l;
    else await runCommand('ip', ['-n', spec.namespace, 'link', 'del', l.ifname]); // old VLAN or old far side
  }
  if (present && !isUp(present)) await runCommand('ip', ['-n', spec.namespace, 'link', 'set', ifname, 'up']);
  if (!present) {
    if (!(await namespaceExists(spec.farSideNamespace))) {
      throw new Error(`far-side namespace "${spec.farSideNamespace}" does not exist (the circuit's far side is not up)`);
    }
    const farLinks = await ipJson<IpLink[]>(['-n', spec.farSideNamespace, 'link', 'show']);
    if (farLinks.some((l) => l.ifname === ifname)) {
      throw new VlanInUseError(
        `${ifname} already exists in far-side namespace "${spec.farSideNamespace}": VLAN ${spec.vlanId} is in use on this circuit`,
      );
    }
    if (spec.mode === 'vlan') await createVlanPair(spec, ifname);
    else {
      await runCommand('ip', [
        'link',
        'add',
        ifname,
        'netns',
        spec.namespace,
        'type',
        'veth',
        'peer',
        'name',
        ifname,
        'netns',
        spec.farSideNamespace,
      ]);
    }
    await runCommand('ip', ['-n', spec.namespace, 'link', 'set', ifname, 'alias', alias, 'up']);
    await runCommand('ip', ['-n', spec.farSideNamespace, 'link', 'set', ifname, 'up']);
  }
  await ensureAddresses(spec.namespace, ifname, present?.addr_info ?? [], spec.addresses);
}

export class VlanInUseError extends Error {
  override name = 'VlanInUseError';
}

/**
 * 802.1Q path (untested on machines without 802.1Q): one veth trunk per far side, host end in the
 * provider's host namespace, far end `vbrtrunk` in the far-side namespace; each VBR gets a VLAN
 * sub-interface of each end: the near one moved into the VBR namespace, the far one named vlan<VlanId>.
 */
async function createVlanPair(spec: VbrLinkSpec, ifname: string): Promise<void> {
  if (!spec.trunk) throw new Error('VLAN link mode needs the provider host namespace');
  const { hostNamespace } = spec.trunk;
  const hostEnd = spec.trunk.interface;
  const hostLinks = await ipJson<IpLink[]>(['-n', hostNamespace, 'link', 'show']);
  if (!hostLinks.some((l) => l.ifname === hostEnd)) {
    await runCommand('ip', [
      'link',
      'add',
      hostEnd,
      'netns',
      hostNamespace,
      'type',
      'veth',
      'peer',
      'name',
      FAR_TRUNK,
      'netns',
      spec.farSideNamespace,
    ]);
    await runCommand('ip', ['-n', hostNamespace, 'link', 'set', hostEnd, 'up']);
    await runCommand('ip', ['-n', spec.farSideNamespace, 'link', 'set', FAR_TRUNK, 'up']);
  }
  const vid = String(spec.vlanId);
  await runCommand('ip', ['-n', spec.farSideNamespace, 'link', 'add', 'link', FAR_TRUNK, 'name', ifname, 'type', 'vlan', 'id', vid]);
  const tmp = `vb${spec.vlanId}x${process.pid % 1000}`.slice(0, 15);
  await runCommand('ip', ['-n', hostNamespace, 'link', 'add', 'link', hostEnd, 'name', tmp, 'type', 'vlan', 'id', vid]);
  await runCommand('ip', ['-n', hostNamespace, 'link', 'set', tmp, 'netns', spec.namespace]);
  await runCommand('ip', ['-n', spec.namespace, 'link', 'set', tmp, 'name', ifname]);
}

const FAR_TRUNK = 'vbrtrunk';

/** Trunk name in the host namespace for a far side: short (15-byte limit) and stable. */
export function trunkInterfaceFor(farSideNamespace: string): string {
  return 'tr' + createHash('sha256').update(farSideNamespace).digest('hex').slice(0, 10);
}

/** `found`: the link's addresses as read with it (none for a link made just now). */
async function ensureAddresses(namespace: string, ifname: string, found: IpAddrInfo[], wanted: string[]): Promise<void> {
  const have = found.filter((a) => a.scope === 'global').map((a) => `${a.local}/${a.prefixlen}`);
  for (const a of have) if (!wanted.includes(a)) await runCommand('ip', ['-n', namespace, 'addr', 'del', a, 'dev', ifname]);
  for (const a of wanted) {
    if (have.includes(a)) continue;
    // nodad: the address is usable at once instead of "tentative" for a second or two
    const extra = a.includes(':') ? ['nodad'] : [];
    await runCommand('ip', ['-n', namespace, 'addr', 'add', a, 'dev', ifname, ...extra]);
  }
}

export function isCommandError(e: unknown): e is CommandError {
  return e instanceof CommandError;
}
