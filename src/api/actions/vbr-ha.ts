// VBR failover groups (VBR HA): create, describe, delete. A pair is Creating, then Active after
// timings.vbrTransitionMs; a deleted one is Deleting for as long, then gone. While a pair exists,
// neither VBR can be deleted (DeleteVirtualBorderRouter: DependencyViolation.VbrHa).
import { vbrHaArn } from '../../auth/policy/index.js';
import { apiError } from '../../errors/catalogue.js';
import { checkText, given, isValidDescription, isValidName } from '../../domain/express-connect-text.js';
import { newId } from '../../domain/ids.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { isDeleting, type BgpPeerData, type VbrData, type VbrHaData } from '../../domain/model.js';
import type { CircuitData } from '../../domain/physical-connection.js';
import { REMOVED, scheduleTransition } from '../../domain/scheduled-transition.js';
import { checkHaPair, type HaCandidate } from '../../domain/vbr-ha.js';
import type { ResourceRecord } from '../../store/record.js';
import type { StoreReader } from '../../store/store.js';
import { readAction, writeAction, type ActionDef, type ReadContext } from '../action.js';
import { REGION_MESSAGE, timeOrEmpty } from './express-connect-shared.js';
import { findOwn } from './own-resource.js';

type VbrHaRecord = ResourceRecord<VbrHaData>;

const ID_SHAPE = /^vbrha-[a-z0-9]+$/;

function haArn(ctx: ReadContext, id?: string): string {
  return vbrHaArn(ctx.region?.regionId ?? '*', ctx.accountId, id || '*');
}

/** Pairs naming this VBR, as either member. */
async function pairsOf(db: StoreReader, vbrId: string): Promise<VbrHaRecord[]> {
  return (await db.list<VbrHaData>({ kind: 'VbrHa', linkedTo: vbrId })).items;
}

/** A VBR the caller can see (its own, or one it built for another account), not on its way out. */
async function haCandidate(ctx: ReadContext, id: string): Promise<HaCandidate> {
  const v = await ctx.db.get<VbrData>('VirtualBorderRouter', id);
  const visible =
    v && v.regionId === ctx.region?.regionId && (v.accountId === ctx.accountId || v.data.PhysicalConnectionOwnerUid === ctx.accountId);
  if (!v || !visible || v.status === 'deleting') throw apiError('ResourceNotFound.Vbr');
  const circuit = await ctx.db.get<CircuitData>('PhysicalConnection', v.data.PhysicalConnectionId);
  const peers = (await ctx.db.list<BgpPeerData>({ kind: 'BgpPeer', vbrId: v.id })).items;
  return {
    id: v.id,
    accountId: v.accountId,
    accessDeviceId: circuit?.data.accessDeviceId,
    inPair: (await pairsOf(ctx.db, v.id)).length > 0,
    peersWithoutBfd: peers.filter((p) => !isDeleting(p) && !p.data.EnableBfd).length,
  };
}

const createVbrHa = writeAction({
  name: 'CreateVbrHa',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    VbrId: { type: 'string', required: true },
    PeerVbrId: { type: 'string', required: true },
    Name: { type: 'string' },
    Description: { type: 'string' },
    DryRun: { type: 'boolean' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx) => haArn(ctx),
  // Both VBRs: a pair must not form while either is being deleted or joins another pair.
  locks: (_ctx, p) => [lockKeys.vbr(p.VbrId), lockKeys.vbr(p.PeerVbrId)],
  async run(ctx, p) {
    checkText(p.Name, isValidName, 'IllegalParam.Name');
    checkText(p.Description, isValidDescription, 'IllegalParam.Description');
    checkHaPair(ctx.accountId, await haCandidate(ctx, p.VbrId), await haCandidate(ctx, p.PeerVbrId));
    if (p.DryRun) throw apiError('DRYRUN.SUCCESS');
    const id = newId('vbrha', ctx.now);
    const rec: VbrHaRecord = {
      id,
      kind: 'VbrHa',
      accountId: ctx.accountId,
      regionId: ctx.region!.regionId,
      parentId: null,
      vbrId: null,
      status: 'Creating',
      dueAt: null,
      data: { VbrId: p.VbrId, PeerVbrId: p.PeerVbrId, Name: p.Name ?? '', Description: p.Description ?? '', CreationTime: ctx.now },
    };
    await ctx.db.insert(
      scheduleTransition(rec, { status: 'Creating', next: 'Active', delayMs: ctx.services.seed.timings.vbrTransitionMs }, ctx.now),
    );
    return { VbrHaId: id };
  },
});

const describeVbrHa = readAction({
  name: 'DescribeVbrHa',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    VbrHaId: { type: 'string' },
    VbrId: { type: 'string' },
    DryRun: { type: 'boolean' },
    // Terraform sends one; a read has nothing to make idempotent.
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => haArn(ctx, p.VbrHaId),
  async run(ctx, p) {
    if (!given(p.VbrHaId) && !given(p.VbrId)) throw apiError('MissingParameter', 'VbrHaId');
    let ha: VbrHaRecord | undefined;
    if (given(p.VbrHaId)) ha = await findOwn<VbrHaData>(ctx, 'VbrHa', p.VbrHaId);
    else ha = (await pairsOf(ctx.db, p.VbrId!)).find((r) => r.accountId === ctx.accountId && r.regionId === ctx.region?.regionId);
    // Both given: the pair must be that VBR's.
    if (ha && given(p.VbrId) && ha.data.VbrId !== p.VbrId && ha.data.PeerVbrId !== p.VbrId) ha = undefined;
    if (!ha) throw apiError('ResourceNotFound.VbrHa');
    if (p.DryRun) throw apiError('DRYRUN.SUCCESS');
    return {
      VbrHaId: ha.id,
      VbrId: ha.data.VbrId,
      PeerVbrId: ha.data.PeerVbrId,
      Name: ha.data.Name,
      Description: ha.data.Description,
      Status: ha.status,
      CreationTime: timeOrEmpty(ha.data.CreationTime),
      RegionId: ha.regionId,
    };
  },
});

const deleteVbrHa = writeAction({
  name: 'DeleteVbrHa',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    InstanceId: { type: 'string', required: true },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => haArn(ctx, p.InstanceId),
  // The pair's own key, which the timed loop takes when the deletion lands.
  locks: (_ctx, p) => [lockKeys.resource(p.InstanceId)],
  async run(ctx, p) {
    if (!ID_SHAPE.test(p.InstanceId)) throw apiError('IllegalParam.InstanceId');
    const ha = await findOwn<VbrHaData>(ctx, 'VbrHa', p.InstanceId);
    if (!ha) throw apiError('ResourceNotFound.VbrHa');
    if (ha.status === 'Deleting') return {}; // already on its way: a retried delete succeeds
    await ctx.db.update(
      scheduleTransition(ha, { status: 'Deleting', next: REMOVED, delayMs: ctx.services.seed.timings.vbrTransitionMs }, ctx.now),
    );
    return {};
  },
});

export const vbrHaActions: ActionDef[] = [createVbrHa, describeVbrHa, deleteVbrHa];
