// The FRR data plane's control (DataPlaneControl): acts on the real link between a VBR and its
// customer, in the customer's namespace, so that BFD and BGP see a real failure. The customer's end of
// a VBR's link is vlan<VlanId> in the circuit's far-side namespace. Taking it down marks it with an
// alias, so that whoever keeps the customer's interfaces up (the lab's link agent) leaves it down.
import { UnsupportedControlError } from '../speaker.js';
import { CommandError, runCommand, tryCommand } from './run-command.js';
import { vlanInterfaceName } from './vbr-namespace.js';

/** The alias a link taken down by the control API carries until it is brought up again. */
export const HELD_DOWN_ALIAS = 'vbrd-control:down';

/** The customer's end of a VBR's link. */
export interface CustomerLink {
  farSideNamespace: string;
  vlanId: number;
}

const ifname = (l: CustomerLink) => vlanInterfaceName(l.vlanId);

export async function setCustomerLinkUp(l: CustomerLink, up: boolean): Promise<void> {
  if (up) {
    await runCommand('ip', ['-n', l.farSideNamespace, 'link', 'set', ifname(l), 'alias', '', 'up']);
  } else {
    await runCommand('ip', ['-n', l.farSideNamespace, 'link', 'set', ifname(l), 'alias', HELD_DOWN_ALIAS, 'down']);
  }
}

/** Loss and delay on the customer's egress with netem; both 0 removes them. */
export async function impairCustomerLink(l: CustomerLink, lossPercent: number, delayMs: number): Promise<void> {
  const tc = ['netns', 'exec', l.farSideNamespace, 'tc', 'qdisc'];
  if (lossPercent === 0 && delayMs === 0) {
    // Absent already is fine.
    await tryCommand('ip', [...tc, 'del', 'dev', ifname(l), 'root']);
    return;
  }
  try {
    await runCommand('ip', [...tc, 'replace', 'dev', ifname(l), 'root', 'netem', 'delay', `${delayMs}ms`, 'loss', `${lossPercent}%`]);
  } catch (e) {
    if (e instanceof CommandError && /qdisc kind is unknown/i.test(e.stderr))
      throw new UnsupportedControlError('this kernel has no netem (the sch_netem module): loss and delay cannot be added here');
    throw e;
  }
}
