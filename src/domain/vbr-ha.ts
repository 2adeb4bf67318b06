// VBR failover groups (VBR HA): which two VBRs may form a pair. The CEN rules Alibaba documents
// (both VBRs attached to one CEN) have no counterpart: vbrd models no CEN.
import { apiError } from '../errors/catalogue.js';

/** What the pairing rules need to know of one VBR. */
export interface HaCandidate {
  id: string;
  accountId: string;
  /** The access device of the VBR's own circuit. */
  accessDeviceId: string | undefined;
  /** The VBR is already in a pair. */
  inPair: boolean;
  /** BGP peers of the VBR (not being deleted) without BFD. */
  peersWithoutBfd: number;
}

/**
 * Both VBRs of the caller's account, on different access devices (which a VBR paired with itself is
 * not), neither in another pair, and every BGP peer on them with BFD (failover relies on it).
 */
export function checkHaPair(callerAccountId: string, vbr: HaCandidate, peer: HaCandidate): void {
  if (vbr.accountId !== callerAccountId || peer.accountId !== callerAccountId) throw apiError('OperationFailed.VbrAliUidNotConsistent');
  if (vbr.id === peer.id || vbr.accessDeviceId === peer.accessDeviceId) throw apiError('OperationFailed.VbrAccessDeviceSame');
  if (vbr.inPair || peer.inPair) throw apiError('OperationFailed.VbrInUsedByOtherHa');
  if (vbr.peersWithoutBfd > 0 || peer.peersWithoutBfd > 0) throw apiError('OperationFailed.VbrBgpPeerNotEnableBfd');
}
