// A circuit's life after CreatePhysicalConnection: confirm, enable, terminate, recover, cancel, delete.
import { apiError } from '../../errors/catalogue.js';
import type { CircuitData } from '../../domain/physical-connection.js';
import { writeAction, type ActionDef } from '../action.js';
import { associatedVbrs, circuitArn, circuitOrNotFound, hostedOn, liveHosted, vbrsOnCircuit, findOwnCircuit } from './circuit-lookups.js';
import { REGION_MESSAGE, requireServiceOpen } from './express-connect-shared.js';
import { lifecycleActions } from './lifecycle-action.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { scheduleTransition } from '../../domain/scheduled-transition.js';

/** Confirm, Enable, Terminate, Cancel and Delete name one circuit the same way and lock it. */
const circuitLifecycleAction = lifecycleActions({
  idParam: 'PhysicalConnectionId',
  regionNotFoundMessage: REGION_MESSAGE,
  resource: circuitArn,
  locks: (_ctx, id) => [lockKeys.circuit(id)],
});

const confirmPhysicalConnection = circuitLifecycleAction('ConfirmPhysicalConnection', async (ctx, p) => {
  const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId, { status: 400, message: 'The specified physicalConnection is not found' });
  await requireServiceOpen(ctx);
  if (c.status !== 'Allocated' || c.data.ProductType !== 'PhysicalConnection') {
    throw apiError('IncorrectStatus.PhysicalConnection', undefined, {
      message: 'The specified PhysicalConnectionId is not in Allocated state.',
    });
  }
  await ctx.db.update({ ...c, status: 'Confirmed' });
  return {};
});

const enablePhysicalConnection = circuitLifecycleAction(
  'EnablePhysicalConnection',
  async (ctx, p) => {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    if (c.status === 'Enabled') return {};
    // A second call while the first enable is still under way is refused, as Alibaba documents.
    if (c.status !== 'Confirmed' || c.data.nextStatus === 'Enabled') throw apiError('Forbidden.NotAllowedInState');
    if (c.data.ProductType === 'VirtualPhysicalConnection') {
      const parent = await ctx.db.get<CircuitData>('PhysicalConnection', c.data.ParentPhysicalConnectionId ?? '');
      if (!parent || parent.status !== 'Enabled') throw apiError('INSTANCE.STATUS.NOT.ALLOW');
    }
    // Enabling a hosted connection is also the tenant's acceptance of it.
    const accepted: CircuitData = {
      ...c.data,
      ...(c.data.ProductType === 'VirtualPhysicalConnection' ? { VpconnStatus: 'Confirmed' as const } : {}),
    };
    await ctx.db.update(
      scheduleTransition(
        { ...c, data: accepted },
        {
          status: 'Confirmed',
          next: 'Enabled',
          delayMs: ctx.services.seed.timings.physicalConnectionTransitionMs,
          stamp: (dueAt) => ({ EnabledTime: dueAt }),
        },
        ctx.now,
      ),
    );
    return {};
  },
  { ByPassSp: { type: 'boolean' } },
);

const terminatePhysicalConnection = circuitLifecycleAction('TerminatePhysicalConnection', async (ctx, p) => {
  const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
  if (c.status !== 'Enabled') throw apiError('Forbidden.NotAllowedInState');
  const vbrs = [...(await vbrsOnCircuit(ctx.db, c.id)), ...(await associatedVbrs(ctx.db, c.id))];
  if (vbrs.length > 0) throw apiError('Forbidden.VbrAttached');
  if (liveHosted(await hostedOn(ctx.db, c.id)).length > 0) throw apiError('OperationFailed.VpconnAttached');
  await ctx.db.update(
    scheduleTransition(
      c,
      { status: 'Terminating', next: 'Terminated', delayMs: ctx.services.seed.timings.physicalConnectionTransitionMs },
      ctx.now,
    ),
  );
  return {};
});

const cancelPhysicalConnection = circuitLifecycleAction('CancelPhysicalConnection', async (ctx, p) => {
  const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
  // Cancelling withdraws an application: possible until the circuit is enabled (billing starts).
  if (!['Initial', 'Approved', 'Allocating', 'Allocated', 'Confirmed'].includes(c.status) || c.data.nextStatus === 'Enabled') {
    throw apiError('Forbidden.NotAllowedInState');
  }
  const data = { ...c.data };
  delete data.nextStatus;
  await ctx.db.update({ ...c, status: 'Canceled', dueAt: null, data });
  return {};
});

const DELETABLE = ['Canceled', 'Rejected', 'Terminated', 'Allocated', 'Allocation Failed'];

const deletePhysicalConnection = circuitLifecycleAction('DeletePhysicalConnection', async (ctx, p) => {
  const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
  if ((await vbrsOnCircuit(ctx.db, c.id)).length > 0) throw apiError('Forbidden.VBRExists');
  if ((await associatedVbrs(ctx.db, c.id)).length > 0) throw apiError('Forbidden.AssociateToVBR');
  if (!DELETABLE.includes(c.status) || c.data.nextStatus !== undefined) throw apiError('Forbidden.NotInAllowDeleteStatus');
  if ((await hostedOn(ctx.db, c.id)).length > 0) throw apiError('OperationFailed.VpconnAttached');
  await ctx.db.delete(c);
  return {};
});

const recoverPhysicalConnection = writeAction({
  name: 'RecoverPhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    InstanceId: { type: 'string', required: true },
    Token: { type: 'string' },
    DryRun: { type: 'boolean' },
  },
  resource: (ctx, p) => circuitArn(ctx, p.InstanceId),
  locks: (_ctx, p) => [lockKeys.circuit(p.InstanceId)],
  run: async (ctx, p) => {
    const c = await findOwnCircuit(ctx, p.InstanceId);
    if (!c) throw apiError('ResourceNotFound', p.InstanceId);
    if (c.data.ProductType !== 'VirtualPhysicalConnection') throw apiError('OperationDenied.PconnNotAllowRecover');
    if (c.status !== 'Terminated') throw apiError('IncorrectStatus.PhysicalConnection', c.id);
    const parent = await ctx.db.get<CircuitData>('PhysicalConnection', c.data.ParentPhysicalConnectionId ?? '');
    if (!parent || parent.status !== 'Enabled') throw apiError('IncorrectStatus.PhysicalConnection', parent?.id ?? c.id);
    if (p.DryRun) return {};
    await ctx.db.update({ ...c, status: 'Enabled', dueAt: null });
    return {};
  },
});

export const physicalConnectionLifecycleActions: ActionDef[] = [
  confirmPhysicalConnection,
  enablePhysicalConnection,
  terminatePhysicalConnection,
  recoverPhysicalConnection,
  cancelPhysicalConnection,
  deletePhysicalConnection,
];
