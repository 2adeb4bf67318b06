// The timed ends of a VBR's life: delete, terminate and recover.
import { apiError } from '../../errors/catalogue.js';
import type { VbrData } from '../../domain/model.js';
import type { CircuitData } from '../../domain/physical-connection.js';
import type { ActionDef, WriteContext } from '../action.js';
import { REGION_MESSAGE, requireServiceOpen } from './express-connect-shared.js';
import { REMOVED, scheduleTransition, type Transition } from '../../domain/scheduled-transition.js';
import { lifecycleActions } from './lifecycle-action.js';
import { checkVlanFree, vbrLocks, vbrResourceArn, visibleVbr, type VbrRecord } from './vbr-shared.js';

/** Delete, Terminate and Recover name one VBR the same way and lock it with its circuits. */
const vbrLifecycleAction = lifecycleActions({
  idParam: 'VbrId',
  regionNotFoundMessage: REGION_MESSAGE,
  resource: vbrResourceArn,
  locks: vbrLocks,
});

/** Schedule a VBR's timed change (its status decides whether its sessions run, so the speaker hears of it too). */
async function scheduleVbr(ctx: WriteContext, v: VbrRecord, t: Omit<Transition<VbrData>, 'delayMs'>): Promise<void> {
  await ctx.db.update(scheduleTransition(v, { ...t, delayMs: ctx.services.seed.timings.vbrTransitionMs }, ctx.now));
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
  // Its custom routes name its router interfaces as their next hop.
  if ((await ctx.db.list({ kind: 'VbrRouteEntry', vbrId: v.id, limit: 1 })).total > 0)
    throw apiError('DependencyViolation.RouterInterfaceReferedByRouteEntry');
  // A VBR HA pair (also one being deleted) holds both its VBRs.
  if ((await ctx.db.list({ kind: 'VbrHa', linkedTo: v.id, limit: 1 })).items.length > 0) throw apiError('DependencyViolation.VbrHa');
  await scheduleVbr(ctx, v, { status: 'deleting', next: REMOVED });
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
