// The seam between vbrd's control plane and a BGP speaker (the data plane).
// The reconciler hands a speaker the complete desired configuration of one VBR; the speaker makes
// its own state match (idempotently) and reports what it observes of each peer's session.
// Two implementations: `sim` (emulated, default) and `frr` (real FRR daemons in network namespaces).

/** The address family of a session, a prefix or a peering (the domain's resources use it too). */
export type IpVersion = 'IPv4' | 'IPv6';

/** BGP session state as a speaker reports it (the API's BgpStatus). */
export type BgpSessionState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established' | 'Down';

export interface DesiredPeer {
  bgpPeerId: string;
  peerIp: string;
  ipVersion: IpVersion;
  enableBfd: boolean;
  /** 1..255; 1 = directly connected (single-hop BFD, no ebgp-multihop). */
  bfdMultiHop: number;
}

export interface DesiredGroup {
  bgpGroupId: string;
  localAsn: number;
  peerAsn: number;
  /** TCP-MD5 password, empty when none. */
  authKey: string;
  /** maximum-prefix limit per peer. */
  routeLimit: number;
  /** IsFakeAsn: present the group's LocalAsn as a local-as override on the VBR's real ASN. */
  isFakeAsn: boolean;
  ipVersion: IpVersion;
  peers: DesiredPeer[];
}

/** A static route of the VBR's route table (CreateRouteEntry): the prefix and the gateway it is sent to. */
export interface DesiredStaticRoute {
  /** Canonical CIDR (network address, /32 or /128 for a host). */
  prefix: string;
  /** The customer's address on the peering subnet of the router interface the route names. */
  nextHop: string;
}

/** Everything a speaker needs to program one VBR. */
export interface DesiredVbr {
  vbrId: string;
  accountId: string;
  regionId: string;
  /** The physical connection (circuit) whose host link carries this VBR. */
  physicalConnectionId: string;
  /** From the seed inventory: the network namespace at the circuit's far side (the customer's
   *  router), which the VBR's link attaches to. Absent when the inventory names none (sim only). */
  farSideNamespace?: string;
  vlanId: number;
  localGatewayIp: string;
  peerGatewayIp: string;
  /** dotted mask, e.g. 255.255.255.252 */
  peeringSubnetMask: string;
  enableIpv6: boolean;
  localIpv6GatewayIp: string;
  peerIpv6GatewayIp: string;
  /** IPv6 prefix of the peering subnet, e.g. 2001:db8::/126 */
  peeringIpv6SubnetMask: string;
  /** BFD timers of the VBR (ms) and multiplier. */
  minTxInterval: number;
  minRxInterval: number;
  detectMultiplier: number;
  groups: DesiredGroup[];
  /** Advertised prefixes (AddBgpNetwork). */
  networks: string[];
  /** Static routes of the VBR's route table (absent: none). */
  staticRoutes?: DesiredStaticRoute[];
}

/** A route the customer advertised on a session and the VBR accepted. */
export interface LearnedRoute {
  /** Canonical CIDR. */
  prefix: string;
  nextHop: string;
  /** AS numbers, nearest first, separated by single spaces (empty for none). */
  asPath: string;
  origin: 'IGP' | 'EGP' | 'incomplete';
}

export interface PeerObservation {
  bgpStatus: BgpSessionState;
  /** 'Up' | 'Down' | 'Init' | 'AdminDown', or null without BFD. */
  bfdStatus: string | null;
  receivedRouteCount: number;
  advertisedRouteCount: number;
  /** The routes accepted on the session, in prefix order, when the speaker reads them (absent: none known). */
  receivedRoutes?: readonly LearnedRoute[];
}

/** Whether two observations of a session show the same routes (same prefixes, next hops and paths). */
export function sameRoutes(a: readonly LearnedRoute[] | undefined, b: readonly LearnedRoute[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const r = x[i]!;
    const o = y[i]!;
    if (r.prefix !== o.prefix || r.nextHop !== o.nextHop || r.asPath !== o.asPath || r.origin !== o.origin) return false;
  }
  return true;
}

/**
 * Session state of every configured peer, keyed by BgpPeerId, in groups the speaker chooses (per VBR,
 * per VRF). A group handed out again as the same Map has not changed since, so a reader watching many
 * peers looks only at the groups that did.
 */
export type Observations = ReadonlyMap<string, ReadonlyMap<string, PeerObservation>>;

/** One peer's state out of a speaker's observations. */
export function observationOf(seen: Observations, bgpPeerId: string): PeerObservation | undefined {
  for (const group of seen.values()) {
    const o = group.get(bgpPeerId);
    if (o) return o;
  }
  return undefined;
}

/** A failure to apply that retrying will not fix (bad config). The reconciler records it on the resource. */
export class PermanentSpeakerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSpeakerError';
  }
}

/** Session states the customer's side of a peering can be made to leave a session in (control API). */
export const CONTROLLED_SESSION_STATES = ['Idle', 'Connect', 'Active', 'Established'] as const;
export type ControlledSessionState = (typeof CONTROLLED_SESSION_STATES)[number];

/** Loss and delay on the customer's side of a peering's link. */
export interface LinkImpairment {
  lossPercent: number;
  delayMs: number;
}

/**
 * What a test or an operator can make the customer's side of a peering do, as if the customer's router
 * or its link did it: the speaker then observes the consequence, and the reconciler writes it back as
 * it writes any observation. Each data plane does what it truly can; the rest throws
 * UnsupportedControlError.
 */
export interface DataPlaneControl {
  /** Hold the session in this state (Established: let it come up) until told otherwise. */
  setSession(bgpPeerId: string, state: ControlledSessionState): Promise<void>;
  /** Take the session down now and let it come back up after downMs. */
  flap(bgpPeerId: string, downMs: number): Promise<void>;
  /** The prefixes the customer announces on this session. */
  setReceivedRoutes(bgpPeerId: string, prefixes: readonly string[]): Promise<void>;
  /** Loss and delay on the link (both 0: none). */
  impair(bgpPeerId: string, impairment: LinkImpairment): Promise<void>;
  /** Every override off: links up and clean, sessions free to come up, routes as the data plane reports them. */
  clear(): Promise<void>;
  /** Finish what is under way now instead of when its timing says: pending applies, sessions coming up. */
  hurry(): void;
}

/** A control call this data plane cannot carry out (the control API answers 400 with the message). */
export class UnsupportedControlError extends Error {
  override name = 'UnsupportedControlError';
}

/** The data plane holds no session for this peer (not applied yet, or gone): the control API answers 404. */
export class UnknownPeerError extends Error {
  override name = 'UnknownPeerError';
  constructor(readonly bgpPeerId: string) {
    super(`the data plane holds no session for BGP peer ${bgpPeerId} (not applied yet, or deleted)`);
  }
}

/**
 * An apply that did all it could: the VBR's BGP configuration is what was asked (peers and networks that
 * went are gone from the speaker), but something the VBR needs is missing (its link to the customer, its
 * VRF), so what was added cannot work yet. Removing a session never needs the customer's side, so the
 * reconciler completes deletions on it and records the error on the rest. `permanent`: no retry will fix it.
 */
export class IncompleteApplyError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** When to try again, for a speaker that knows what it waits for (else the reconciler's back-off). */
    readonly retryInMs?: number,
  ) {
    super(message);
    this.name = 'IncompleteApplyError';
  }
}

export interface Speaker {
  readonly kind: 'sim' | 'frr';
  /** The customer's side of each peering, for tests and operators (see DataPlaneControl). */
  readonly control?: DataPlaneControl;
  /** Make the speaker's configuration for this VBR equal `desired`. Idempotent; resolves when applied. */
  applyVbr(desired: DesiredVbr): Promise<void>;
  /** Remove everything the speaker holds for this VBR. Idempotent (absent is fine). */
  removeVbr(vbrId: string): Promise<void>;
  /** VBR ids the speaker currently holds configuration for (to find orphans after a crash). */
  listVbrs(): Promise<string[]>;
  /**
   * Session state of every peer the speaker was asked to carry (also when the apply that asked failed:
   * then what the router has of it, Idle when nothing), in groups (see Observations).
   */
  observe(): Promise<Observations>;
  /**
   * Session state of one VBR's peers, for a speaker that can tell it without asking its daemons
   * (else absent). The reconciler stores it with the write that settles an apply, instead of in a
   * second write after the next observe().
   */
  observeVbr?(vbrId: string): Promise<ReadonlyMap<string, PeerObservation>>;
  /**
   * Present when the speaker hears of session changes as they happen (FRR through BMP): then observe()
   * is only the slow safety net, and the reader follows these instead.
   */
  readonly sessionEvents?: SessionEvents;
  close(): Promise<void>;
}

/** Session changes as the routers report them. */
export interface SessionEvents {
  /** `listener` runs whenever current() has changed. */
  subscribe(listener: () => void): void;
  /** Every carried peer's session as last heard, without asking the daemons (groups as in Observations). */
  current(): Observations;
}
