// The BMP target each VBR's BGP instance carries: bgpd connects to vbrd's collector (bmp-collector.ts) and
// reports every session of that instance going up or down, and every route it takes in (which changes the
// counts DescribeBgpPeers shows). Planned apart from the rest of the instance (config-diff.ts skips the
// block), and only when what bgpd prints differs from what is wanted.

export const BMP_TARGET = 'vbrd';
/** bgpd retries a lost collector between these (ms): a restarted vbrd hears from every instance within a second. */
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 1000;

/** The lines of the target block, as bgpd 8.4 prints them inside `bmp targets vbrd`. */
export function bmpTargetLines(port: number): string[] {
  return [
    'bmp monitor ipv4 unicast post-policy',
    'bmp monitor ipv6 unicast post-policy',
    `bmp connect 127.0.0.1 port ${port} min-retry ${MIN_RETRY_MS} max-retry ${MAX_RETRY_MS}`,
  ];
}

/** The lines of each instance's `bmp targets vbrd` block in a bgpd running-config, by VRF ('default' for the default VRF). */
export function parseBmpTargets(runningConfig: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let vrf: string | null = null;
  let lines: string[] | null = null;
  for (const raw of runningConfig.split('\n')) {
    const line = raw.trimEnd();
    const header = /^router bgp \d+(?: vrf (\S+))?$/.exec(line);
    if (header) {
      vrf = header[1] ?? 'default';
      continue;
    }
    if (line === 'exit') {
      vrf = null;
      lines = null;
      continue;
    }
    if (vrf === null) continue;
    if (line === ` bmp targets ${BMP_TARGET}`) {
      lines = [];
      out.set(vrf, lines);
      continue;
    }
    if (line === ' exit') lines = null;
    else if (lines && line.startsWith('  ')) lines.push(line.trim());
  }
  return out;
}

/** Commands (after `configure terminal`) that give the instance exactly the wanted target; none when it has it. */
export function planBmpTarget(actual: string[] | undefined, header: string, port: number): string[] {
  const wanted = bmpTargetLines(port);
  if (actual && actual.length === wanted.length && wanted.every((l) => actual.includes(l))) return [];
  // Made anew rather than patched: it only ever changes with the collector's port.
  return [header, ...(actual ? [`no bmp targets ${BMP_TARGET}`] : []), `bmp targets ${BMP_TARGET}`, ...wanted, 'exit', 'exit'];
}
