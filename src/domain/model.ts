// The data each resource keeps (ResourceRecord.data). Field names follow the wire where a field is
// served as is; internal fields are camelCase.
import type { IpVersion, LearnedRoute } from '../speaker/speaker.js';
import type { REMOVED } from './scheduled-transition.js';

export interface PhysicalConnectionServiceData {
  /** OpenPhysicalConnectionService done: outbound data transfer billing enabled. */
  opened: boolean;
  openedAt: number;
}

export type PhysicalConnectionStatus =
  | 'Initial'
  | 'Approved'
  | 'Allocating'
  | 'Allocated'
  | 'Confirmed'
  | 'Enabled'
  | 'Rejected'
  | 'Canceled'
  | 'Allocation Failed'
  | 'Terminating'
  | 'Terminated';

export interface PhysicalConnectionData {
  AccessPointId: string;
  Type: string;
  /** 'PhysicalConnection' (dedicated) or 'VirtualPhysicalConnection' (hosted/shared). */
  ProductType: 'PhysicalConnection' | 'VirtualPhysicalConnection';
  LineOperator: string;
  PortType: string;
  OpticalModuleModel: string;
  Bandwidth: number;
  CircuitCode: string;
  PeerLocation: string;
  RedundantPhysicalConnectionId: string;
  Name: string;
  Description: string;
  ResourceGroupId: string;
  Tags: { Key: string; Value: string }[];
  CreationTime: number;
  EnabledTime: number | null;
  BusinessStatus: 'Normal' | 'FinancialLocked' | 'SecurityLocked';
  /** Access device and port allocated to this circuit (from the seed inventory); the device can disappear from a later seed. */
  accessDeviceId: string;
  portNumber: string;
  /** Hosted connection: the parent dedicated circuit, its VLAN, and the tenant account. */
  ParentPhysicalConnectionId?: string;
  VlanId?: string;
  VpconnStatus?: 'Confirmed' | 'UnConfirmed' | 'Deleted';
  /** Status to move to when dueAt passes (async transitions). */
  nextStatus?: PhysicalConnectionStatus;
}

export type VbrStatus = 'unconfirmed' | 'active' | 'terminating' | 'terminated' | 'recovering' | 'deleting';

/** A VBR's sub-interface on one circuit: its VLAN and the peering addresses on it. */
export interface VbrAssociation {
  PhysicalConnectionId: string;
  VlanId: number;
  VlanInterfaceId: string;
  CircuitCode: string;
  LocalGatewayIp: string;
  PeerGatewayIp: string;
  PeeringSubnetMask: string;
  EnableIpv6: boolean;
  LocalIpv6GatewayIp: string;
  PeerIpv6GatewayIp: string;
  PeeringIpv6SubnetMask: string;
}

/** A VBR is its sub-interface on the primary circuit (the one it was created on) and the rest. */
export interface VbrData extends VbrAssociation {
  Name: string;
  Description: string;
  PhysicalConnectionOwnerUid: string;
  AccessPointId: string;
  Bandwidth: number;
  MinTxInterval: number;
  MinRxInterval: number;
  DetectMultiplier: number;
  Mtu: number;
  SitelinkEnable: boolean;
  RouteTableId: string;
  ResourceGroupId: string;
  Tags: { Key: string; Value: string }[];
  CreationTime: number;
  ActivationTime: number | null;
  TerminationTime: number | null;
  RecoveryTime: number | null;
  /** Further circuits attached with AssociatePhysicalConnectionToVirtualBorderRouter. */
  associations: VbrAssociation[];
  nextStatus?: VbrStatus | typeof REMOVED;
}

/** A VBR failover group: Creating → Active after a timed step; Deleting → gone. */
export type VbrHaStatus = 'Creating' | 'Active' | 'Deleting';

/** Two VBRs of one account on different access devices, each in at most one pair. */
export interface VbrHaData {
  VbrId: string;
  PeerVbrId: string;
  Name: string;
  Description: string;
  CreationTime: number;
  nextStatus?: VbrHaStatus | typeof REMOVED;
}

/** Lifecycle of BGP groups, peers and networks (configuration, not session). */
export type BgpResourceStatus = 'Pending' | 'Available' | 'Modifying' | 'Deleting';

/** Statuses of a BGP resource whose configuration the reconciler has still to apply. */
export const UNSETTLED_BGP_STATUSES: readonly BgpResourceStatus[] = ['Pending', 'Modifying', 'Deleting'];

export const isUnsettled = (r: { status: string }): boolean => (UNSETTLED_BGP_STATUSES as readonly string[]).includes(r.status);

/** A BGP resource on its way out: it no longer counts against quotas, and the data plane drops it. */
export const isDeleting = (r: { status: string }): boolean => r.status === ('Deleting' satisfies BgpResourceStatus);

/** A BGP resource not on its way out. */
export const isLive = (r: { status: string }): boolean => !isDeleting(r);

/**
 * Whether a Delete action may take this BGP resource: an Available one, or one still Pending or Modifying
 * because the data plane refused it (it carries the error). Removing it needs nothing of the data plane,
 * so a resource that never became Available (say, its circuit's far side is gone) is not stuck for ever.
 */
export const isDeletable = (r: { status: string; data: { lastError: string } }): boolean =>
  r.status === 'Available' || ((r.status === 'Pending' || r.status === 'Modifying') && r.data.lastError !== '');

/** Fields every BGP resource carries for the reconciler. */
export interface Reconciled {
  /** Bumped on every change of desired state; the reconciler settles a status only for the generation it applied. */
  generation: number;
  /** Last permanent apply error, shown to users; empty when fine. */
  lastError: string;
  GmtModified: number;
}

export interface BgpGroupData extends Reconciled {
  Name: string;
  Description: string;
  PeerAsn: number;
  LocalAsn: number;
  IsFakeAsn: boolean;
  /** The AuthKey, sealed (auth/auth-key-box.ts): the database never holds it in clear; '' for none. */
  SealedAuthKey: string;
  RouteQuota: number;
  IpVersion: string;
  Hold: number;
  Keepalive: number;
}

export interface BgpPeerData extends Reconciled {
  BgpGroupId: string;
  PeerIpAddress: string;
  IpVersion: IpVersion;
  /** IpVersion as the caller spelt it (or its group's), which DescribeBgpPeers echoes; absent on older records. */
  IpVersionAsGiven?: string;
  EnableBfd: boolean;
  BfdMultiHop: number;
  /** Access device carrying the session (for BFD limits). */
  accessDeviceId: string;
  /** What the speaker last reported. */
  BgpStatus: string;
  bfdStatus: string | null;
  AdvertisedRouteCount: number;
  ReceivedRouteCount: number;
  /** The routes the speaker last reported accepted on the session (absent on older records: none). */
  learnedRoutes?: LearnedRoute[];
}

export interface BgpNetworkData extends Reconciled {
  /** The prefix, normalised (what the data plane advertises and what identifies the network). */
  DstCidrBlock: string;
  /** DstCidrBlock as the caller wrote it, which DescribeBgpNetworks echoes; absent on older records. */
  DstCidrBlockAsGiven?: string;
  VpcId: string;
  IpVersion: IpVersion;
}

/**
 * A custom (static) route of a VBR's route table (CreateRouteEntry). Its record's parent is the VBR; the
 * route table is the VBR's own (VbrData.RouteTableId). Reconciled like the BGP resources.
 */
export interface VbrRouteEntryData extends Reconciled {
  RouteTableId: string;
  /** The prefix, normalised (what identifies the entry in its table and what the data plane routes). */
  DestinationCidrBlock: string;
  /** DestinationCidrBlock as the caller wrote it, which the Describe actions echo. */
  DestinationCidrBlockAsGiven: string;
  IpVersion: IpVersion;
  /** Always RouterInterface: the one next-hop type a VBR route table takes. */
  NextHopType: 'RouterInterface';
  /** The VBR's router interface on one of its circuits (VbrAssociation.VlanInterfaceId). */
  NextHopId: string;
  RouteEntryName: string;
  Description: string;
  CreationTime: number;
}
