// The quotas and lifecycle timings a seed file may set, and their built-in values.
export interface Quotas {
  bgpPeersPerVbr: number;
  bgpGroupsPerVbr: number;
  bgpNetworksPerVbr: number;
  bfdSessionsPerAccount: number;
  /** Upper bound of RouteQuota on a BGP group (routes accepted per peer). */
  maxRoutesPerPeer: number;
  vbrsPerPhysicalConnection: number;
  physicalConnectionsPerAccessPoint: number;
  /** Circuits of one account that may be in a state other than Enabled at once. */
  unfinishedPhysicalConnections: number;
}

export interface Timings {
  /** Initial → Allocated for a new physical connection. */
  physicalConnectionAllocateMs: number;
  /** Confirmed → Enabled after EnablePhysicalConnection (or a paid occupancy order); also Terminating → Terminated. */
  physicalConnectionTransitionMs: number;
  /** VBR terminating/recovering/deleting → next status; VBR HA Creating → Active and Deleting → gone. */
  vbrTransitionMs: number;
  /** How long the emulated data plane takes to apply a BGP change (Pending/Modifying/Deleting → done). */
  bgpApplyMs: number;
  /** After a peer is applied, how long the emulated session takes to reach Established. */
  simSessionUpMs: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  bgpPeersPerVbr: 8,
  bgpGroupsPerVbr: 8,
  bgpNetworksPerVbr: 50,
  bfdSessionsPerAccount: 30,
  maxRoutesPerPeer: 110,
  vbrsPerPhysicalConnection: 5,
  physicalConnectionsPerAccessPoint: 2,
  unfinishedPhysicalConnections: 5,
};

export const DEFAULT_TIMINGS: Timings = {
  physicalConnectionAllocateMs: 200,
  physicalConnectionTransitionMs: 200,
  vbrTransitionMs: 100,
  bgpApplyMs: 50,
  simSessionUpMs: 200,
};
