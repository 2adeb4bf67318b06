// Reads FRR's `show running-config` and plans the vty commands that turn what FRR has into what is
// desired, touching only the difference: an unchanged peer is never reset, a removed peer is removed,
// and a bgpd that restarted empty gets everything back.
import { ADDRESS_FAMILIES, BFD_PROFILE_DEFAULTS, type AddressFamily, type BfdProfileConfig, type BgpInstanceConfig } from './frr-config.js';

/** `router bgp` blocks of a bgpd running-config, keyed by VRF name ('default' for the default VRF). */
export function parseBgpInstances(runningConfig: string): Map<string, BgpInstanceConfig> {
  const instances = new Map<string, BgpInstanceConfig>();
  let current: BgpInstanceConfig | null = null;
  let af: AddressFamily | null = null;
  let inBmpTargets = false;
  for (const raw of runningConfig.split('\n')) {
    const line = raw.trimEnd();
    // BMP targets are planned on their own (bmp-config.ts).
    if (inBmpTargets) {
      inBmpTargets = line !== ' exit' && line !== 'exit';
      if (line === 'exit') current = null;
      continue;
    }
    if (current && /^ bmp targets \S+$/.test(line)) {
      inBmpTargets = true;
      continue;
    }
    const header = /^router bgp (\d+)(?: vrf (\S+))?$/.exec(line);
    if (header) {
      current = {
        asn: Number(header[1]),
        vrf: header[2] ?? 'default',
        lines: [],
        addressFamilies: { 'ipv4 unicast': [], 'ipv6 unicast': [] },
      };
      instances.set(current.vrf, current);
      af = null;
      continue;
    }
    if (!current) continue;
    if (line === 'exit') {
      current = null;
      continue;
    }
    const text = line.trim();
    if (text === '' || text === '!') continue;
    const afHeader = /^address-family (ipv4 unicast|ipv6 unicast)$/.exec(text);
    if (afHeader) {
      af = afHeader[1] as AddressFamily;
      continue;
    }
    if (text.startsWith('address-family ')) {
      af = null; // a family we do not manage; its lines are ignored
      continue;
    }
    if (text === 'exit-address-family') {
      af = null;
      continue;
    }
    if (line.startsWith('  ')) {
      if (af) current.addressFamilies[af].push(text);
    } else {
      current.lines.push(text);
    }
  }
  return instances;
}

/** bfdd `profile` blocks with FRR's omitted defaults filled in. */
export function parseBfdProfiles(runningConfig: string): Map<string, BfdProfileConfig> {
  const profiles = new Map<string, BfdProfileConfig>();
  let inBfd = false;
  let current: BfdProfileConfig | null = null;
  for (const raw of runningConfig.split('\n')) {
    const line = raw.trimEnd();
    if (line === 'bfd') {
      inBfd = true;
      continue;
    }
    if (!inBfd) continue;
    if (line === 'exit') {
      inBfd = false;
      current = null;
      continue;
    }
    const text = line.trim();
    const header = /^profile (\S+)$/.exec(text);
    if (header && line.startsWith(' ') && !line.startsWith('  ')) {
      current = { name: header[1]!, ...BFD_PROFILE_DEFAULTS };
      profiles.set(current.name, current);
      continue;
    }
    if (text === 'exit') {
      current = null;
      continue;
    }
    if (!current) continue;
    const m = /^(detect-multiplier|receive-interval|transmit-interval|minimum-ttl) (\d+)$/.exec(text);
    if (!m) continue;
    const value = Number(m[2]);
    if (m[1] === 'detect-multiplier') current.detectMultiplier = value;
    else if (m[1] === 'receive-interval') current.receiveInterval = value;
    else if (m[1] === 'transmit-interval') current.transmitInterval = value;
    else current.minimumTtl = value;
  }
  return profiles;
}

/**
 * A line's "slot": lines sharing a slot replace one another (`neighbor X remote-as 1` → `... remote-as 2`),
 * so the old one must not be removed with `no` (for remote-as that would delete the whole neighbor).
 */
export function slotOf(line: string): string {
  const patterns: RegExp[] = [
    /^(bgp router-id) \S+$/,
    /^(neighbor \S+ remote-as) \S+$/,
    /^(neighbor \S+ local-as) .+$/,
    /^(neighbor \S+ bfd profile) \S+$/,
    /^(neighbor \S+ ebgp-multihop) \d+$/,
    /^(neighbor \S+ password) .+$/,
    /^(neighbor \S+ timers connect) \d+$/,
    /^(neighbor \S+ timers) \d+ \d+$/,
    /^(neighbor \S+ maximum-prefix) .+$/,
  ];
  for (const p of patterns) {
    const m = p.exec(line);
    if (m) return m[1]!;
  }
  return line;
}

/**
 * bgpd 8.4 starts a session that is not Established (BGP_Start) as soon as its connect timer is set, with
 * or without an activated address family. Pushed before `activate`, that sends an OPEN without IPv4/IPv6
 * unicast, the peer's OPEN is refused (Unsupported Capability) and the retry waits ~2 s for the start
 * timer. So these lines go last: the session then starts once, fully configured, and at once.
 */
function startsSession(line: string): boolean {
  return /^(no )?neighbor \S+ timers connect /.test(line);
}

function neighborOf(line: string): string | null {
  return /^neighbor (\S+) /.exec(line)?.[1] ?? null;
}

function neighborsIn(config: BgpInstanceConfig): Set<string> {
  const out = new Set<string>();
  for (const l of config.lines) {
    const m = /^neighbor (\S+) remote-as /.exec(l);
    if (m) out.add(m[1]!);
  }
  return out;
}

/** Commands (to run after `configure terminal`) that make bgpd's instance for desired.vrf equal `desired`. */
export function planBgpInstance(actual: BgpInstanceConfig | undefined, desired: BgpInstanceConfig): string[] {
  const header = desired.vrf === 'default' ? `router bgp ${desired.asn}` : `router bgp ${desired.asn} vrf ${desired.vrf}`;
  const commands: string[] = [];
  if (actual && actual.asn !== desired.asn) {
    // An instance's ASN cannot change in place.
    commands.push(removeInstanceCommand(actual));
    actual = undefined;
  }
  const body: string[] = [];
  const have = actual ?? { asn: desired.asn, vrf: desired.vrf, lines: [], addressFamilies: { 'ipv4 unicast': [], 'ipv6 unicast': [] } };
  const wantedNeighbors = neighborsIn(desired);
  const goneNeighbors = [...neighborsIn(have)].filter((n) => !wantedNeighbors.has(n));
  for (const n of goneNeighbors) body.push(`no neighbor ${n}`);
  const gone = new Set(goneNeighbors);
  const topLevel = [...removals(have.lines, desired.lines, gone), ...desired.lines.filter((l) => !have.lines.includes(l))];
  body.push(...topLevel.filter((l) => !startsSession(l)));
  for (const af of ADDRESS_FAMILIES) {
    const afBody = [
      ...removals(have.addressFamilies[af], desired.addressFamilies[af], gone),
      ...desired.addressFamilies[af].filter((l) => !have.addressFamilies[af].includes(l)),
    ];
    if (afBody.length > 0) body.push(`address-family ${af}`, ...afBody, 'exit-address-family');
  }
  body.push(...topLevel.filter(startsSession));
  if (body.length === 0 && actual) return commands;
  return [...commands, header, ...body, 'exit'];
}

/** `no` lines for what is there but not wanted, newest-printed first (FRR re-enables BFD when
 *  `no neighbor X bfd profile` follows `no neighbor X bfd`), skipping lines the wanted ones overwrite. */
function removals(have: string[], want: string[], goneNeighbors: Set<string>): string[] {
  const wantedSlots = new Set(want.map(slotOf));
  const out: string[] = [];
  for (const line of [...have].reverse()) {
    if (want.includes(line)) continue;
    const n = neighborOf(line);
    if (n !== null && goneNeighbors.has(n)) continue;
    if (wantedSlots.has(slotOf(line))) continue;
    out.push(`no ${line}`);
  }
  return out;
}

export function removeInstanceCommand(instance: Pick<BgpInstanceConfig, 'asn' | 'vrf'>): string {
  return instance.vrf === 'default' ? `no router bgp ${instance.asn}` : `no router bgp ${instance.asn} vrf ${instance.vrf}`;
}

/** Commands (after `configure terminal`) that make bfdd's profiles owned by this VBR equal `desired`. */
export function planBfdProfiles(actual: BfdProfileConfig[], desired: BfdProfileConfig[]): string[] {
  const body: string[] = [];
  for (const want of desired) {
    const have = actual.find((p) => p.name === want.name);
    const settings: string[] = [];
    if (have?.detectMultiplier !== want.detectMultiplier) settings.push(`detect-multiplier ${want.detectMultiplier}`);
    if (have?.receiveInterval !== want.receiveInterval) settings.push(`receive-interval ${want.receiveInterval}`);
    if (have?.transmitInterval !== want.transmitInterval) settings.push(`transmit-interval ${want.transmitInterval}`);
    if (have?.minimumTtl !== want.minimumTtl) settings.push(`minimum-ttl ${want.minimumTtl}`);
    if (settings.length > 0) body.push(`profile ${want.name}`, ...settings, 'exit');
  }
  for (const have of actual) {
    if (!desired.some((p) => p.name === have.name)) body.push(`no profile ${have.name}`);
  }
  return body.length === 0 ? [] : ['bfd', ...body, 'exit'];
}

/** staticd's running configuration → each VRF's static route lines (`ip route …`, `ipv6 route …`). */
export function parseStaticRoutes(runningConfig: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let vrf: string | null = null;
  for (const raw of runningConfig.split('\n')) {
    const line = raw.trim();
    const opened = /^vrf (\S+)$/.exec(line);
    if (opened) {
      vrf = opened[1]!;
      continue;
    }
    if (line === 'exit-vrf' || line === 'exit' || line === '!') {
      vrf = null;
      continue;
    }
    if (vrf && /^ipv?6? ?route /.test(line)) {
      const list = out.get(vrf) ?? [];
      list.push(line);
      out.set(vrf, list);
    }
  }
  return out;
}

/** Commands that turn a VRF's static routes from `have` into `want` (none when they are equal). */
export function planStaticRoutes(vrf: string, have: readonly string[], want: readonly string[]): string[] {
  const remove = have.filter((l) => !want.includes(l)).map((l) => `no ${l}`);
  const add = want.filter((l) => !have.includes(l));
  if (remove.length === 0 && add.length === 0) return [];
  return [`vrf ${vrf}`, ...remove, ...add, 'exit-vrf'];
}
