// The lab customer's "router admin": the VBR's link to a circuit appears in the customer namespace only
// when a VBR is created (as vlan<VlanId>), so this small detached process watches for it and gives it the
// customer's addresses, as a customer would configure its own VLAN interface. Run by labUp, stopped by
// labDown (by PID). Usage: node customer-link-agent.js <spec.json>
import { readFile } from 'node:fs/promises';
import { runCommand, tryCommand } from '../speaker/frr/run-command.js';
import { HELD_DOWN_ALIAS } from '../speaker/frr/customer-link.js';

export interface CustomerLinkSpec {
  namespace: string;
  ifname: string;
  addresses: string[];
}

interface IpAddrShow {
  ifname: string;
  ifalias?: string;
  operstate?: string;
  flags?: string[];
  addr_info?: { local: string; prefixlen: number }[];
}

/** One pass: address and bring up every watched interface that exists. Returns how many it changed. */
export async function reconcileCustomerLinks(specs: CustomerLinkSpec[]): Promise<number> {
  let changed = 0;
  for (const s of specs) {
    let info: IpAddrShow[];
    try {
      info = JSON.parse((await runCommand('ip', ['-j', '-d', '-n', s.namespace, 'addr', 'show', 'dev', s.ifname])).stdout) as IpAddrShow[];
    } catch {
      continue; // no such interface (yet)
    }
    const have = new Set((info[0]?.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`));
    for (const a of s.addresses) {
      if (have.has(a)) continue;
      await tryCommand('ip', ['-n', s.namespace, 'addr', 'replace', a, 'dev', s.ifname, ...(a.includes(':') ? ['nodad'] : [])]);
      changed++;
    }
    // A link vbrd's control API took down stays down until it brings it up (a real failure, on purpose).
    if (!info[0]?.flags?.includes('UP') && info[0]?.ifalias !== HELD_DOWN_ALIAS) {
      await tryCommand('ip', ['-n', s.namespace, 'link', 'set', s.ifname, 'up']);
      changed++;
    }
  }
  return changed;
}

async function main(specPath: string): Promise<void> {
  const specs = JSON.parse(await readFile(specPath, 'utf8')) as CustomerLinkSpec[];
  for (;;) {
    await reconcileCustomerLinks(specs).catch(() => 0);
    await new Promise((r) => setTimeout(r, 500));
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href && process.argv[2]) {
  void main(process.argv[2]);
}
