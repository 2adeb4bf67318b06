// Lookups shared by the circuit (physical connection) actions: the caller's circuits, and what hangs off one.
import { apiError } from '../../errors/catalogue.js';
import type { VbrData } from '../../domain/model.js';
import { isReleased, ownCircuit, type CircuitData, type CircuitRecord } from '../../domain/physical-connection.js';
import type { ResourceRecord } from '../../store/record.js';
import type { StoreReader } from '../../store/store.js';
import type { ReadContext } from '../action.js';

export function circuitArn(ctx: ReadContext, id?: string): string {
  return `acs:vpc:${ctx.region?.regionId ?? '*'}:${ctx.accountId}:physicalconnection/${id || '*'}`;
}

/** The caller's circuit or InvalidPhysicalConnectionId.NotFound (another account's id looks the same as a missing one). */
export async function circuitOrNotFound(
  ctx: ReadContext,
  id: string,
  opts: { status?: number; message?: string } = {},
): Promise<CircuitRecord> {
  const c = await ownCircuit(ctx.db, ctx.accountId, ctx.region?.regionId, id);
  if (!c) throw apiError('InvalidPhysicalConnectionId.NotFound', undefined, opts);
  return c;
}

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
