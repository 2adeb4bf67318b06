// A circuit's life after CreatePhysicalConnection: confirm, enable, terminate, recover, cancel, delete.
import { apiError } from '../../errors/catalogue.js';
import { ownCircuit, type CircuitData } from '../../domain/physical-connection.js';
import { writeAction, type ActionDef, type Body, type WriteContext } from '../action.js';
import type { ParamSpecs, Params } from '../params.js';
import { associatedVbrs, circuitArn, circuitOrNotFound, hostedOn, liveHosted, vbrsOnCircuit } from './circuit-shared.js';
import { REGION_MESSAGE, requireServiceOpen } from './express-connect-shared.js';
import { onceForToken, tokenLock } from './legacy-token.js';
import { scheduleTransition } from './scheduled-transition.js';

const lifecycleParams = {
  RegionId: { type: 'string', required: true },
  PhysicalConnectionId: { type: 'string', required: true },
  ClientToken: { type: 'string' },
} as const;

/**
 * Confirm, Enable, Terminate, Cancel and Delete name one circuit the same way and lock it. `ignoredParams`
 * are accepted on the wire (the SDK sends them) but change nothing.
 */
function circuitLifecycleAction(
  name: string,
  run: (ctx: WriteContext, p: Params<typeof lifecycleParams>) => Promise<Body>,
  ignoredParams: ParamSpecs = {},
): ActionDef {
  return writeAction({
    name,
    product: 'vpc',
    regionNotFoundMessage: REGION_MESSAGE,
    params: { ...lifecycleParams, ...ignoredParams } as typeof lifecycleParams,
    resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
    locks: (_ctx, p) => [`pconn:${p.PhysicalConnectionId}`],
    run,
  });
}

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
        ctx,
        { ...c, data: accepted },
        {
          status: 'Confirmed',
          next: 'Enabled',
          delayMs: ctx.services.seed.timings.physicalConnectionTransitionMs,
          stamp: (dueAt) => ({ EnabledTime: dueAt }),
        },
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
    scheduleTransition(ctx, c, {
      status: 'Terminating',
      next: 'Terminated',
      delayMs: ctx.services.seed.timings.physicalConnectionTransitionMs,
    }),
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
  await ctx.db.delete(c.id);
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
  locks: (ctx, p) => [`pconn:${p.InstanceId}`, ...tokenLock(ctx, 'RecoverPhysicalConnection', p.Token)],
  run: (ctx, p) =>
    onceForToken(ctx, 'RecoverPhysicalConnection', p, async () => {
      const c = await ownCircuit(ctx.db, ctx.accountId, ctx.region!.regionId, p.InstanceId);
      if (!c) throw apiError('ResourceNotFound', p.InstanceId);
      if (c.data.ProductType !== 'VirtualPhysicalConnection') throw apiError('OperationDenied.PconnNotAllowRecover');
      if (c.status !== 'Terminated') throw apiError('IncorrectStatus.PhysicalConnection', c.id);
      const parent = await ctx.db.get<CircuitData>('PhysicalConnection', c.data.ParentPhysicalConnectionId ?? '');
      if (!parent || parent.status !== 'Enabled') throw apiError('IncorrectStatus.PhysicalConnection', parent?.id ?? c.id);
      if (p.DryRun) return {};
      await ctx.db.update({ ...c, status: 'Enabled', dueAt: null });
      return {};
    }),
});

export const physicalConnectionLifecycleActions: ActionDef[] = [
  confirmPhysicalConnection,
  enablePhysicalConnection,
  terminatePhysicalConnection,
  recoverPhysicalConnection,
  cancelPhysicalConnection,
  deletePhysicalConnection,
];
