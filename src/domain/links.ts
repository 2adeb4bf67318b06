// References a resource holds beyond its parent, which the store indexes so that the holders of a
// reference are found without reading every resource of their kind: a VBR refers to the circuits
// associated with it (AssociatePhysicalConnectionToVirtualBorderRouter).
import type { ResourceKind, ResourceRecord } from '../store/record.js';
import type { VbrData } from './model.js';

/** Kinds whose records may hold references; the store keeps the index only for these. */
export const LINKING_KINDS: ReadonlySet<ResourceKind> = new Set(['VirtualBorderRouter']);

/** The distinct ids a record refers to (none for kinds outside LINKING_KINDS). */
export function linksOf(r: Pick<ResourceRecord<unknown>, 'kind' | 'data'>): string[] {
  if (r.kind !== 'VirtualBorderRouter') return [];
  return [...new Set(((r.data as Partial<VbrData>).associations ?? []).map((a) => a.PhysicalConnectionId))];
}
