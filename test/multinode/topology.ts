// An Enabled circuit and active VBRs built through the API of one node, waiting on each
// asynchronous step (the timed transitions run on whichever node holds the timers lease).
import { enabledCircuit, createVbr, vbrStatus } from '../support/express-connect.js';
import { waitFor, type VpcClient } from '../support/harness.js';

export async function activeVbrs(vpc: VpcClient, count: number): Promise<{ circuitId: string; vbrIds: string[] }> {
  const circuitId = await enabledCircuit(vpc);
  const vbrIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = await createVbr(vpc, circuitId, 100 + i);
    await waitFor(async () => (await vbrStatus(vpc, id)) === 'active', 5000, `VBR ${id} active`);
    vbrIds.push(id);
  }
  return { circuitId, vbrIds };
}
