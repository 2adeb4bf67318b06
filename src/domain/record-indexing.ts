// What the store indexes beyond a record's columns (RecordIndexing), by the domain's rules: the
// circuits a VBR is associated with, the VBRs of a VBR HA pair, and the BFD sessions peers hold on
// their account and access device.
import type { RecordIndexing, ResourceKind, ResourceRecord } from '../store/record.js';
import { isDeleting, type BgpPeerData, type VbrData, type VbrHaData } from './model.js';

/** Every BFD session key starts so; the rest names the access device. */
export const BFD_SESSION_KEY_PREFIX = 'bfd|';

export const bfdSessionKey = (deviceId: string) => `${BFD_SESSION_KEY_PREFIX}${deviceId}`;

const LINKING_KINDS: ReadonlySet<ResourceKind> = new Set(['VirtualBorderRouter', 'VbrHa']);

/**
 * A VBR refers to the circuits associated with it (AssociatePhysicalConnectionToVirtualBorderRouter);
 * a VBR HA pair to its two VBRs.
 */
function linksOf(r: Pick<ResourceRecord<unknown>, 'kind' | 'data'>): string[] {
  if (r.kind === 'VbrHa') {
    const d = r.data as Partial<VbrHaData>;
    return [...new Set([d.VbrId, d.PeerVbrId].filter((id): id is string => !!id))];
  }
  if (r.kind !== 'VirtualBorderRouter') return [];
  return [...new Set(((r.data as Partial<VbrData>).associations ?? []).map((a) => a.PhysicalConnectionId))];
}

/**
 * A BGP peer with BFD that is not on its way out holds a BFD session on its access device, counted
 * against the account's quota and the device's limit without reading every peer.
 */
export function quotaKeyOf(r: Pick<ResourceRecord<unknown>, 'kind' | 'status' | 'data'>): string | null {
  if (r.kind !== 'BgpPeer' || isDeleting(r)) return null;
  const d = r.data as Partial<BgpPeerData>;
  return d.EnableBfd === true && d.accessDeviceId ? bfdSessionKey(d.accessDeviceId) : null;
}

export const recordIndexing: RecordIndexing = { linkingKinds: LINKING_KINDS, linksOf, quotaKeyOf };
