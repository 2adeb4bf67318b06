// Every lock key a transaction takes (Store.transaction), made in one place: two transactions exclude
// each other exactly when they name the same key, so every site must spell a resource's key the same
// way. The store accepts only LockKeys, and only these builders make them.
import type { ResourceRecord } from '../store/record.js';
import type { LockKey } from '../store/store.js';

const key = (text: string) => text as LockKey;

export const lockKeys = {
  /** A VBR and everything hanging off it (BGP groups, peers, networks). */
  vbr: (vbrId: string) => key(`vbr:${vbrId}`),
  /** A circuit (physical connection), its VLANs and hosted connections. */
  circuit: (circuitId: string) => key(`pconn:${circuitId}`),
  /** An account's Express Connect quotas and service switch. */
  account: (accountId: string) => key(`account:${accountId}`),
  /** The port inventory of an access point, shared by every account. */
  accessPoint: (regionId: string, accessPointId: string) => key(`ap:${regionId}:${accessPointId}`),
  /** An account's BFD session quota, which spans its VBRs. */
  bfdSessions: (accountId: string) => key(`bfd:${accountId}`),
  /** An access device's BFD session limit, which spans accounts. */
  accessDevice: (deviceId: string) => key(`device:${deviceId}`),
  /** One client token of one action of an account (idempotent retries). */
  clientToken: (accountId: string, action: string, token: string) => key(`token:${accountId}:${action}:${token}`),
  /** An account's RAM users, keys and policies (names unique, counts within limits). */
  ram: (accountId: string) => key(`ram:${accountId}`),
  /** A resource that belongs to no VBR or circuit. */
  resource: (id: string) => key(`res:${id}`),
};

/** The key the actions take for this record, so a change made outside an action never interleaves with one. */
export function lockOfRecord(rec: Pick<ResourceRecord<unknown>, 'id' | 'kind' | 'vbrId'>): LockKey {
  if (rec.kind === 'PhysicalConnection') return lockKeys.circuit(rec.id);
  return rec.vbrId ? lockKeys.vbr(rec.vbrId) : lockKeys.resource(rec.id);
}
