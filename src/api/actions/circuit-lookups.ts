// Lookups of circuits (physical connections) for the actions: the caller's circuits, and what hangs off one.
import type { VbrData } from '../../domain/model.js';
import { isReleased, type CircuitData, type CircuitRecord } from '../../domain/physical-connection.js';
import type { ResourceRecord } from '../../store/record.js';
import type { StoreReader } from '../../store/store.js';
import type { ReadContext } from '../action.js';
import { findOwn, requireOwn } from './own-resource.js';

export function circuitArn(ctx: ReadContext, id?: string): string {
  return `acs:vpc:${ctx.region?.regionId ?? '*'}:${ctx.accountId}:physicalconnection/${id || '*'}`;
}

/** The caller's circuit (see own-resource.ts), or undefined. */
export const findOwnCircuit = (ctx: ReadContext, id: string | undefined): Promise<CircuitRecord | undefined> =>
  findOwn<CircuitData>(ctx, 'PhysicalConnection', id);

/** The caller's circuit, or InvalidPhysicalConnectionId.NotFound. */
export const circuitOrNotFound = (ctx: ReadContext, id: string, opts: { status?: number; message?: string } = {}): Promise<CircuitRecord> =>
  requireOwn<CircuitData>(ctx, 'PhysicalConnection', id, 'InvalidPhysicalConnectionId.NotFound', opts);

export function circuitsOfAccount(db: StoreReader, accountId: string, regionId?: string) {
  return db.list<CircuitData>({ kind: 'PhysicalConnection', accountId, regionId }).then((r) => r.items);
}

/** VBRs built on a circuit, of any account (cross-account VBRs included). */
export async function vbrsOnCircuit(db: StoreReader, circuitId: string): Promise<ResourceRecord<VbrData>[]> {
  return (await db.list<VbrData>({ kind: 'VirtualBorderRouter', parentId: circuitId })).items;
}

/** Hosted connections carried by a dedicated circuit. */
export async function hostedOn(db: StoreReader, circuitId: string): Promise<CircuitRecord[]> {
  return (await db.list<CircuitData>({ kind: 'PhysicalConnection', parentId: circuitId })).items;
}

export function liveHosted(children: CircuitRecord[]): CircuitRecord[] {
  return children.filter((h) => !isReleased(h.status));
}

/** VBRs that reach this circuit through AssociatePhysicalConnectionToVirtualBorderRouter. */
export async function associatedVbrs(db: StoreReader, circuitId: string): Promise<ResourceRecord<VbrData>[]> {
  return (await db.list<VbrData>({ kind: 'VirtualBorderRouter', linkedTo: circuitId })).items;
}

/**
 * A hosted connection the caller sold: carried by one of the caller's circuits, in the request's region.
 * The tenant owns the record; the partner reaches it through this.
 */
export async function findSoldHosted(ctx: ReadContext, id: string): Promise<CircuitRecord | undefined> {
  const r = await ctx.db.get<CircuitData>('PhysicalConnection', id);
  const sold =
    r?.data.ProductType === 'VirtualPhysicalConnection' && r.data.parentAccountId === ctx.accountId && r.regionId === ctx.region?.regionId;
  return sold ? r : undefined;
}
