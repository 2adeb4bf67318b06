// The timed ends of a VBR's life: delete, terminate and recover.
import { apiError } from '../../errors/catalogue.js';
import type { VbrData } from '../../domain/model.js';
import type { CircuitData } from '../../domain/physical-connection.js';
import { writeAction, type ActionDef, type Body, type WriteContext } from '../action.js';
import type { Params } from '../params.js';
import { REGION_MESSAGE, requireServiceOpen } from './express-connect-shared.js';
import { scheduleTransition, type Transition } from './scheduled-transition.js';
import { checkVlanFree, vbrLocks, vbrResourceArn, visibleVbr, type VbrRecord } from './vbr-shared.js';

const lifecycleParams = {
  RegionId: { type: 'string', required: true },
  VbrId: { type: 'string', required: true },
  ClientToken: { type: 'string' },
} as const;

/** Delete, Terminate and Recover name one VBR the same way and lock it with its circuits. */
function vbrLifecycleAction(name: string, run: (ctx: WriteContext, p: Params<typeof lifecycleParams>) => Promise<Body>): ActionDef {
  return writeAction({
    name,
    product: 'vpc',
    regionNotFoundMessage: REGION_MESSAGE,
    params: lifecycleParams,
    resource: (ctx, p) => vbrResourceArn(ctx, p.VbrId),
    locks: (ctx, p) => vbrLocks(ctx, p.VbrId),
    run,
  });
}

/** Schedule a VBR's timed change; the speaker is told too, as the VBR's status decides whether its sessions run. */
async function scheduleVbr(ctx: WriteContext, v: VbrRecord, t: Omit<Transition<VbrData>, 'delayMs'>): Promise<void> {
  await ctx.db.update(scheduleTransition(ctx, v, { ...t, delayMs: ctx.services.seed.timings.vbrTransitionMs }));
  ctx.afterCommit(() => ctx.services.notify({ vbrId: v.id }));
}

const NOT_FOUND = { message: 'The specified VirutalBorderRouter is not found.' };

const deleteVirtualBorderRouter = vbrLifecycleAction('DeleteVirtualBorderRouter', async (ctx, p) => {
  const { vbr: v, owner } = await visibleVbr(ctx, p.VbrId);
  if (v.status === 'deleting') return {}; // already on its way: a retried delete succeeds
  if (!owner && v.status !== 'unconfirmed') throw apiError('Forbidden.OperationDeleteNotAllowedByUser');
  if (!['unconfirmed', 'active', 'terminated'].includes(v.status)) throw apiError('InvalidOperation.OperationNotAllowedInState');
  if (v.data.associations.length > 0)
    throw apiError('InvalidStatus.NotAllowed', undefined, { message: 'The virtual border has been associated by physicalConnection.' });
  if ((await ctx.db.list({ kind: 'BgpGroup', vbrId: v.id, limit: 1 })).total > 0) throw apiError('DependencyViolation.BgpGroup');
  if ((await ctx.db.list({ kind: 'BgpNetwork', vbrId: v.id, limit: 1 })).total > 0) throw apiError('DependencyViolation.BgpNetwork');
  await scheduleVbr(ctx, v, { status: 'deleting', next: 'gone' });
  return {};
});

const terminateVirtualBorderRouter = vbrLifecycleAction('TerminateVirtualBorderRouter', async (ctx, p) => {
  const { vbr: v, circuitOwner } = await visibleVbr(ctx, p.VbrId, NOT_FOUND);
  if (!circuitOwner) throw apiError('Forbidden.OperationTerminateNotAllowedByUser');
  if (v.status !== 'active') throw apiError('InvalidOperation.OperationNotAllowedInState');
  await scheduleVbr(ctx, v, { status: 'terminating', next: 'terminated', stamp: (dueAt) => ({ TerminationTime: dueAt }) });
  return {};
});

const recoverVirtualBorderRouter = vbrLifecycleAction('RecoverVirtualBorderRouter', async (ctx, p) => {
  const { vbr: v, circuitOwner } = await visibleVbr(ctx, p.VbrId, NOT_FOUND);
  if (!circuitOwner) throw apiError('Forbidden.OperationRecoverNotAllowedByUser');
  if (v.status !== 'terminated') throw apiError('InvalidOperation.OperationNotAllowedInState');
  await requireServiceOpen(ctx);
  const circuit = await ctx.db.get<CircuitData>('PhysicalConnection', v.data.PhysicalConnectionId);
  if (!circuit || circuit.status !== 'Enabled') throw apiError('InvalidPhysicalConnectionId.NotEnabled');
  if (circuit.data.ProductType === 'PhysicalConnection')
    await checkVlanFree(ctx.db, circuit, v.data.VlanId, v.id, 'OperationFailed.VlanIdAlreadyInUse');
  await scheduleVbr(ctx, v, { status: 'recovering', next: 'active', stamp: (dueAt) => ({ RecoveryTime: dueAt }) });
  return {};
});

export const vbrLifecycleActions: ActionDef[] = [deleteVirtualBorderRouter, terminateVirtualBorderRouter, recoverVirtualBorderRouter];
