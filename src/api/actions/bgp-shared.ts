// Lookups and record helpers shared by the BGP group, peer and network actions.
import { apiError } from '../../errors/catalogue.js';
import type { BgpGroupData, BgpResourceStatus, Reconciled, VbrData } from '../../domain/model.js';
import type { ResourceKind, ResourceRecord } from '../../store/record.js';
import type { LockKey } from '../../store/store.js';
import type { ReadContext, WriteContext } from '../action.js';
import { requireOwn } from './own-resource.js';
import { lockKeys } from '../../domain/lock-keys.js';

export const ownVbr = (ctx: ReadContext, id: string) => requireOwn<VbrData>(ctx, 'VirtualBorderRouter', id, 'InvalidVbrNetwork');
export const ownGroup = (ctx: ReadContext, id: string) => requireOwn<BgpGroupData>(ctx, 'BgpGroup', id, 'InvalidBgpGroup');

const named = new WeakMap<ReadContext, Map<string, Promise<ResourceRecord<unknown> | undefined>>>();

/**
 * The resource a request names by id, read once before its transaction: resource() (the ARN) and
 * locks() both need its VBR. run() reads it again under the lock, as it must.
 */
export function namedResource(ctx: ReadContext, kind: ResourceKind, id: string): Promise<ResourceRecord<unknown> | undefined> {
  let reads = named.get(ctx);
  if (!reads) named.set(ctx, (reads = new Map<string, Promise<ResourceRecord<unknown> | undefined>>()));
  const key = `${kind}:${id}`;
  let read = reads.get(key);
  if (!read) reads.set(key, (read = ctx.db.get(kind, id)));
  return read;
}

/** The caller's VBR that a resource found by id belongs to (undefined when there is none: run() will report that). */
export async function vbrIdOf(ctx: ReadContext, kind: ResourceKind, id: string): Promise<string | undefined> {
  const r = await namedResource(ctx, kind, id);
  return r?.vbrId && r.accountId === ctx.accountId ? r.vbrId : undefined;
}

/** The VBR lock of a resource found by id (no lock when it does not exist: run() will report that). */
export async function vbrLockOf(ctx: ReadContext, kind: ResourceKind, id: string): Promise<LockKey[]> {
  const vbrId = await vbrIdOf(ctx, kind, id);
  return vbrId ? [lockKeys.vbr(vbrId)] : [];
}

/** VBR statuses in which its BGP configuration may change. */
export function requireVbrActive(vbr: ResourceRecord<VbrData>): void {
  if (vbr.status !== 'active') throw apiError('InvalidStatus.CannotOperate');
}

/** Store a change of desired state: bump the generation, so that the reconciler applies it (the pipeline tells it once this commits). */
export async function saveDesired<D extends Reconciled>(
  ctx: WriteContext,
  rec: ResourceRecord<D>,
  status: BgpResourceStatus,
  data: D,
  isNew = false,
): Promise<void> {
  const next: ResourceRecord<D> = {
    ...rec,
    status,
    data: { ...data, generation: (isNew ? 0 : rec.data.generation) + 1, GmtModified: ctx.now },
  };
  if (isNew) await ctx.db.insert(next);
  else await ctx.db.update(next);
}

/** vbrd extension: a configuration the data plane refused for good is shown on the resource (the
 *  SDK models ignore the extra field). Absent when there is none, so normal responses match Alibaba's. */
export function applyError(d: Reconciled): { VbrdApplyError?: string } {
  return d.lastError ? { VbrdApplyError: d.lastError } : {};
}
