// Lookups and checks shared by the VBR actions (vbr.ts, vbr-lifecycle.ts, vbr-association.ts).
import { vbrArn } from '../../auth/policy/index.js';
import { apiError } from '../../errors/catalogue.js';
import { given } from '../../domain/express-connect-text.js';
import type { VbrData } from '../../domain/model.js';
import type { CircuitRecord } from '../../domain/physical-connection.js';
import type { ResourceRecord } from '../../store/record.js';
import type { LockKey, StoreReader } from '../../store/store.js';
import type { ReadContext } from '../action.js';
import { associatedVbrs } from './circuit-lookups.js';
import { hostedVlans } from './hosted-connection.js';
import { lockKeys } from '../../domain/lock-keys.js';

export type VbrRecord = ResourceRecord<VbrData>;

export const CIRCUIT_NOT_FOUND = { status: 400, message: 'The specified PhysicalConnectionId is not found.' };
export const CIRCUIT_CODE_MESSAGE = 'The specified CircuitCode is not valid.';
export const DESCRIPTION_MESSAGE = 'The specifid Description is not valid.';

/** The VBR's RAM resource, or the wildcard form when there is no id (create, list, unknown). */
export function vbrResourceArn(ctx: ReadContext, id?: string | null): string {
  return vbrArn(ctx.region?.regionId ?? '*', ctx.accountId, id || '*');
}

export interface Visible {
  vbr: VbrRecord;
  /** The caller owns the VBR. */
  owner: boolean;
  /** The caller owns the VBR's circuit (for a cross-account VBR, the one who created it). */
  circuitOwner: boolean;
}

/** A VBR the caller owns or built on its circuit; any other id looks exactly like a missing one. */
export async function visibleVbr(ctx: ReadContext, id: string, notFound: { status?: number; message?: string } = {}): Promise<Visible> {
  const vbr = await ctx.db.get<VbrData>('VirtualBorderRouter', id);
  const owner = vbr?.accountId === ctx.accountId;
  const circuitOwner = vbr?.data.PhysicalConnectionOwnerUid === ctx.accountId;
  if (!vbr || vbr.regionId !== ctx.region?.regionId || (!owner && !circuitOwner))
    throw apiError('InvalidVbrId.NotFound', undefined, notFound);
  return { vbr, owner, circuitOwner };
}

/** The VBR's own circuit, then the ones associated to it. */
export function allCircuitIds(v: VbrRecord): string[] {
  return [v.data.PhysicalConnectionId, ...v.data.associations.map((a) => a.PhysicalConnectionId)];
}

/** Locks for a mutation of one VBR: the VBR and every circuit it uses (VLAN changes are checked per circuit). */
export async function vbrLocks(ctx: ReadContext, id: string): Promise<LockKey[]> {
  const v = await ctx.db.get<VbrData>('VirtualBorderRouter', id);
  const circuits = v ? allCircuitIds(v) : [];
  return [lockKeys.vbr(id), ...circuits.map((c) => lockKeys.circuit(c))];
}

/** VBRs using a circuit, as their own circuit or through an association. */
export async function vbrsUsing(db: StoreReader, circuit: CircuitRecord): Promise<VbrRecord[]> {
  const own = (await db.list<VbrData>({ kind: 'VirtualBorderRouter', parentId: circuit.id })).items;
  const associated = (await associatedVbrs(db, circuit.id)).filter((v) => v.parentId !== circuit.id);
  return [...own, ...associated];
}

/** The VLAN a VBR uses on a circuit. */
function vlanOn(v: VbrRecord, circuitId: string): number | undefined {
  if (v.data.PhysicalConnectionId === circuitId) return v.data.VlanId;
  return v.data.associations.find((a) => a.PhysicalConnectionId === circuitId)?.VlanId;
}

/**
 * VLAN rules of one circuit for a VBR about to use `vlan` on it: VLAN 0 takes the whole port, and every
 * other VLAN is unique on the circuit, hosted connections' VLANs included (terminated VBRs keep theirs until deleted).
 */
export async function checkVlanFree(
  db: StoreReader,
  circuit: CircuitRecord,
  vlan: number,
  exceptVbr?: string,
  inUseCode: 'InvalidVlanId.Used' | 'OperationFailed.VlanIdAlreadyInUse' = 'InvalidVlanId.Used',
): Promise<void> {
  const others = (await vbrsUsing(db, circuit)).filter((v) => v.id !== exceptVbr);
  const taken = [...others.map((v) => vlanOn(v, circuit.id)), ...(await hostedVlans(db, circuit.id))];
  if (taken.includes(0)) throw apiError('OperationFailed.PconnExistVlan0Vbr');
  if (vlan === 0 && taken.length > 0) throw apiError('OperationFailed.Vlan0VbrUnSharePconn');
  if (taken.includes(vlan)) throw apiError(inUseCode);
}

// ---------------------------------------------------------------- peering parameters (create and associate)

/** A circuit owner creating or associating for another account leaves the peering addresses to that account. */
export function forbidPeeringByCaller(p: { LocalGatewayIp?: string; PeerGatewayIp?: string; PeeringSubnetMask?: string }): void {
  if (given(p.LocalGatewayIp)) throw apiError('Forbidden.LocalGatewayIpNotAllowedByCaller');
  if (given(p.PeerGatewayIp)) throw apiError('Forbidden.PeerGatewayIpNotAllowedByCaller');
  if (given(p.PeeringSubnetMask)) throw apiError('Forbidden.PeeringSubnetMaskNotAllowedByCaller');
}

/** MissingParameter for the first of `names` not given, in that order. */
export function requireGiven<P extends Partial<Record<string, unknown>>>(p: P, names: readonly (keyof P & string)[]): void {
  for (const name of names) if (!given(p[name] as string | undefined)) throw apiError('MissingParameter', name);
}

export function requireIpv6Region(ctx: ReadContext): void {
  if (!ctx.region!.ipv6)
    throw apiError('OperationUnsupported.IPV6ForThisRegion', undefined, { message: 'This Region do not support IPV6.' });
}
