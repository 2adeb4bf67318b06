// A circuit's life after CreatePhysicalConnection: confirm, enable (or the occupancy order that enables it),
// terminate, recover, cancel, delete.
import { apiError } from '../../errors/catalogue.js';
import { newOrderId } from '../../domain/ids.js';
import { checkOccupancyOrder, isReleased, type CircuitData, type CircuitRecord } from '../../domain/physical-connection.js';
import { writeAction, type ActionDef, type WriteContext } from '../action.js';
import {
  associatedVbrs,
  circuitArn,
  circuitOrNotFound,
  findOwnCircuit,
  findSoldHosted,
  hostedOn,
  liveHosted,
  vbrsOnCircuit,
} from './circuit-lookups.js';
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

/**
 * Start enabling a Confirmed circuit (the tenant's acceptance, for a hosted connection): it shows
 * Confirmed until `physicalConnectionTransitionMs` passes, then Enabled, with EnabledTime stamped.
 */
async function startEnabling(ctx: WriteContext, c: CircuitRecord): Promise<void> {
  if (c.data.ProductType === 'VirtualPhysicalConnection') {
    const parent = await ctx.db.get<CircuitData>('PhysicalConnection', c.data.ParentPhysicalConnectionId ?? '');
    if (!parent || parent.status !== 'Enabled') throw apiError('INSTANCE.STATUS.NOT.ALLOW');
  }
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
}

/** Confirmed and not already on its way to Enabled: what enabling, by either action, starts from. */
const readyToEnable = (c: CircuitRecord) => c.status === 'Confirmed' && c.data.nextStatus !== 'Enabled';

const enablePhysicalConnection = circuitLifecycleAction(
  'EnablePhysicalConnection',
  async (ctx, p) => {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    if (c.status === 'Enabled') return {};
    // A second call while the first enable is still under way is refused, as Alibaba documents.
    if (!readyToEnable(c)) throw apiError('Forbidden.NotAllowedInState');
    await startEnabling(ctx, c);
    return {};
  },
  { ByPassSp: { type: 'boolean' } },
);

/**
 * What Terraform calls to reach Enabled: the order for the circuit's occupancy fee. There is no billing in
 * vbrd: the order gets an id, and with AutoPay=true it counts as paid and enabling starts as with
 * EnablePhysicalConnection; without AutoPay the order waits for a payment vbrd has no console for.
 */
const createPhysicalConnectionOccupancyOrder = writeAction({
  name: 'CreatePhysicalConnectionOccupancyOrder',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string', required: true },
    InstanceChargeType: { type: 'string' },
    PricingCycle: { type: 'string' },
    Period: { type: 'integer' },
    AutoPay: { type: 'boolean' },
    AutoRenew: { type: 'boolean' },
    AutoRenewDuration: { type: 'integer' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [lockKeys.circuit(p.PhysicalConnectionId)],
  async run(ctx, p) {
    checkOccupancyOrder(p);
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    if (!readyToEnable(c)) throw apiError('Forbidden.NotAllowedInState');
    if (p.AutoPay) await startEnabling(ctx, c);
    return { Data: { OrderId: newOrderId(ctx.now) } };
  },
});

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

/** A hosted connection the tenant has not accepted yet: still the partner's offer, which only the partner withdraws. */
const isOffer = (c: CircuitRecord) =>
  c.data.ProductType === 'VirtualPhysicalConnection' && c.data.VpconnStatus === 'UnConfirmed' && c.data.nextStatus === undefined;

const deletePhysicalConnection = circuitLifecycleAction('DeletePhysicalConnection', async (ctx, p) => {
  const own = await findOwnCircuit(ctx, p.PhysicalConnectionId);
  // The partner (who sold a hosted connection) deletes it as Terraform's hosted-connection resource does.
  const sold = own ? undefined : await findSoldHosted(ctx, p.PhysicalConnectionId);
  if (sold) {
    if (!isOffer(sold) && !isReleased(sold.status)) throw apiError('OperationDenied.NeedVpconnOwner');
    if ((await vbrsOnCircuit(ctx.db, sold.id)).length > 0) throw apiError('Forbidden.VBRExists');
    await ctx.db.delete(sold);
    return {};
  }
  if (!own) throw apiError('InvalidPhysicalConnectionId.NotFound');
  const c = own;
  if (isOffer(c)) throw apiError('OperationDenied.NeedPconnOwner');
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
  createPhysicalConnectionOccupancyOrder,
  terminatePhysicalConnection,
  recoverPhysicalConnection,
  cancelPhysicalConnection,
  deletePhysicalConnection,
];
