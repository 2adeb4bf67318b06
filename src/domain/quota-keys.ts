// Capped resources that span VBRs and accounts (BFD sessions per account and per access device) are
// counted through an index, not by reading every peer: a record that holds one carries its quota key.
import type { ResourceRecord } from '../store/record.js';
import type { BgpPeerData } from './model.js';

/** Every BFD session key starts so; the rest names the access device. */
export const BFD_SESSION_KEY_PREFIX = 'bfd|';

export const bfdSessionKey = (deviceId: string) => `${BFD_SESSION_KEY_PREFIX}${deviceId}`;

/** The key of what a record holds: a BGP peer with BFD that is not on its way out holds a BFD session on its access device. */
export function quotaKeyOf(r: Pick<ResourceRecord<unknown>, 'kind' | 'status' | 'data'>): string | null {
  if (r.kind !== 'BgpPeer' || r.status === 'Deleting') return null;
  const d = r.data as Partial<BgpPeerData>;
  return d.EnableBfd === true && d.accessDeviceId ? bfdSessionKey(d.accessDeviceId) : null;
}
