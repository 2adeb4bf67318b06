// The FRR implementation of the Speaker seam: each VBR is a network namespace (an FRR VRF under zebra -n)
// linked to its circuit's far side, and its BGP/BFD configuration is programmed into bgpd/bfdd over their
// vty sockets. applyVbr is level-based: it reads what FRR has and changes only the difference, so it also
// restores everything after a daemon restart.
import ipaddr from 'ipaddr.js';
import {
  IncompleteApplyError,
  PermanentSpeakerError,
  UnknownPeerError,
  UnsupportedControlError,
  type DataPlaneControl,
  type DesiredVbr,
  type Observations,
  type PeerObservation,
  type SessionEvents,
  type Speaker,
} from '../speaker.js';
import { impairCustomerLink, setCustomerLinkUp, type CustomerLink } from './customer-link.js';
import { FrrSupervisor, type FrrDaemon } from './supervisor.js';
import { VtyClient, VtyCommandError, withoutSecrets } from './vty-client.js';
import {
  bfdProfileName,
  canonicalIp,
  DEFAULT_RENDER_OPTIONS,
  isProfileOf,
  renderStaticRoutes,
  renderVbr,
  type RenderOptions,
} from './frr-config.js';
import {
  parseBfdProfiles,
  parseBgpInstances,
  parseStaticRoutes,
  planBfdProfiles,
  planBgpInstance,
  planStaticRoutes,
  removeInstanceCommand,
} from './config-diff.js';
import { observePeers, parseBfdPeers, parseLearnedRoutes, withLearnedRoutes, type BfdPeerState } from './observe.js';
import { BmpCollector } from './bmp-collector.js';
import type { BmpMessage } from './bmp.js';
import { parseBmpTargets, planBmpTarget } from './bmp-config.js';
import { SessionView } from './session-view.js';
import {
  deleteVbrNamespace,
  ensureVbrLink,
  ensureVbrNamespace,
  kernelHasVlan,
  listVbrNamespaces,
  namespaceNameFor,
  trunkInterfaceFor,
  VlanInUseError,
  type IpLink,
  type LinkMode,
} from './vbr-namespace.js';
import { DEFAULT_FRR_BIN_DIR } from './prerequisites.js';
import { waitUntil } from './process-info.js';

/** How long an apply waits for zebra to take up a VBR's VRF. */
const VRF_LIVE_TIMEOUT_MS = 3000;
/** Routes arrive in bursts, one BMP message each: their VRF is read once the burst has settled this long. */
const ROUTES_SETTLE_MS = 20;
/**
 * BMP says nothing of BFD, nor of the routes a VBR advertises: after a session changed or a VBR was applied,
 * its VRF is read again at these delays (ms), which catch BFD coming up and the customer taking our routes.
 */
const FOLLOW_UP_READS_MS = [300, 1000, 3000];
/** A peer address carried by more VRFs than this is looked up by one read of everything. */
const MAX_VRFS_PER_EVENT = 16;

export interface FrrSpeakerOptions {
  /** PID files, vty sockets, logs. Default /run/vbrd/frr. Keep it short (unix socket paths ≤ 107 bytes). */
  runDir?: string;
  /** Prefix of every network namespace this speaker makes (VBRs and its host namespace). Default 'vbrd-'. */
  namespacePrefix?: string;
  /** Default /usr/lib/frr. */
  frrBinDir?: string;
  /** 'auto' (default) uses VLAN sub-interfaces when the kernel has 802.1Q, else one veth pair per VBR. */
  linkMode?: 'auto' | LinkMode;
  /** ASN, timers; see RenderOptions. */
  render?: Partial<RenderOptions>;
  /** How often the supervisor checks the daemons (ms). Default 500; 0 disables the watch loop. */
  watchIntervalMs?: number;
  /** Called when the supervisor restarted a daemon (its vty-pushed config is gone until the next apply). */
  onDaemonRestart?: (daemon: FrrDaemon, pid: number) => void;
  log?: (message: string) => void;
}

export interface FrrSpeaker extends Speaker {
  readonly kind: 'frr';
  readonly supervisor: FrrSupervisor;
  /** The namespace (= FRR VRF) that holds a VBR. */
  namespaceOf(vbrId: string): string;
  /** Runs a read-only command on a daemon (for tests, diagnostics and the lab). */
  show(daemon: 'bgpd' | 'bfdd' | 'zebra', command: string): Promise<string>;
}

export async function createFrrSpeaker(options: FrrSpeakerOptions = {}): Promise<FrrSpeaker> {
  const speaker = new FrrSpeakerImpl(options);
  await speaker.start();
  return speaker;
}

type ConfigDaemon = 'bgpd' | 'bfdd' | 'staticd';

class FrrSpeakerImpl implements FrrSpeaker {
  readonly kind = 'frr' as const;
  readonly supervisor: FrrSupervisor;
  private readonly prefix: string;
  private readonly render: RenderOptions;
  private readonly hostNamespace: string;
  private readonly configVty = new Map<string, VtyClient>();
  private readonly showVty = new Map<string, VtyClient>();
  /** vrf → canonical peer IP → BgpPeerId, from the last successful apply of each VBR. */
  private readonly peerIds = new Map<string, Map<string, string>>();
  /** vrf → the customer's end of its link, from the last successful apply. */
  private readonly customerLinks = new Map<string, CustomerLink>();
  /** Links the control API took down or impaired, by vrf: clear() restores them. */
  private readonly touched = new Set<string>();
  /** Flaps waiting to bring a link back up. */
  private readonly flaps = new Set<NodeJS.Timeout>();
  readonly control: DataPlaneControl;
  /** Applies and removals run one at a time: a `configure terminal` session must not interleave. */
  private serial: Promise<unknown> = Promise.resolve();
  /** Bumped when zebra or bfdd restarts: bgpd's BFD registrations may be lost (see ensureBfdSessions). */
  private bfdEpoch = 0;
  /** VRF → the bfdEpoch in which bfdd was last seen holding its BFD sessions. */
  private readonly bfdChecked = new Map<string, number>();
  /** bfdd's sessions as last read, shared by the applies of the next half second in the same bfdEpoch. */
  private bfdSessions: { at: number; epoch: number; peers: BfdPeerState[] } | null = null;
  private linkMode: LinkMode = 'veth';
  /** Sessions as last read, by VRF: what sessionEvents hands out and observe() returns. */
  private readonly view = new SessionView();
  sessionEvents?: SessionEvents;
  private readonly listeners: (() => void)[] = [];
  private bmp: BmpCollector | null = null;
  /** The collector's port bgpd connects to; 0 while there is no collector (no BMP targets configured). */
  private bmpPort = 0;
  /** Reads prompted by events use their own vty connections, so they never queue behind a full read. */
  private readonly eventVty = new Map<string, VtyClient>();
  private readonly dirtyVrfs = new Set<string>();
  private fullReadWanted = false;
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshDue = 0;
  private refreshing: Promise<void> | null = null;
  private readonly followUps = new Map<string, NodeJS.Timeout[]>();
  private closed = false;

  constructor(private readonly options: FrrSpeakerOptions) {
    this.prefix = options.namespacePrefix ?? 'vbrd-';
    if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(this.prefix)) {
      throw new Error(`namespacePrefix "${this.prefix}" must be 1-20 characters of a-z, 0-9 and '-'`);
    }
    this.render = { ...DEFAULT_RENDER_OPTIONS, ...options.render };
    this.control = this.makeControl();
    this.hostNamespace = `${this.prefix}host`;
    const runDir = options.runDir ?? '/run/vbrd/frr';
    this.supervisor = new FrrSupervisor({
      runDir,
      frrBinDir: options.frrBinDir ?? DEFAULT_FRR_BIN_DIR,
      hostNamespace: this.hostNamespace,
      watchIntervalMs: options.watchIntervalMs,
      onRestart: (daemon, pid) => {
        if (daemon === 'zebra' || daemon === 'bfdd') this.bfdEpoch++;
        this.wantFullRead();
        options.onDaemonRestart?.(daemon, pid);
      },
      log: options.log,
    });
  }

  async start(): Promise<void> {
    await this.supervisor.start();
    const wanted = this.options.linkMode ?? 'auto';
    this.linkMode = wanted === 'auto' ? ((await kernelHasVlan(this.hostNamespace)) ? 'vlan' : 'veth') : wanted;
    this.options.log?.(
      `frr: VBR links use ${this.linkMode === 'vlan' ? '802.1Q sub-interfaces' : 'one veth pair per VBR (no 802.1Q here)'}`,
    );
    await this.startBmp();
  }

  /**
   * vbrd as bgpd's BMP collector: each VBR's BGP instance reports its sessions going up and down the moment
   * they do. Without the module (a bgpd an older vbrd started, adopted) there are no events, and the
   * reconciler reads state back every second as before.
   */
  private async startBmp(): Promise<void> {
    const probe = await this.vty('bgpd', this.showVty).exec('show bmp');
    if (probe.status !== 0) {
      this.options.log?.('frr: bgpd runs without its BMP module (adopted from an earlier vbrd?): session state is read back, not reported');
      return;
    }
    const bmp = new BmpCollector({
      namespace: this.hostNamespace,
      onMessage: (m) => this.onBmp(m),
      onConnectionChange: () => this.wantFullRead(),
      log: this.options.log,
    });
    try {
      this.bmpPort = await bmp.start();
    } catch (e) {
      this.options.log?.(`frr: no BMP collector (${(e as Error).message}): session state is read back, not reported`);
      return;
    }
    this.bmp = bmp;
    this.sessionEvents = { subscribe: (listener) => this.listeners.push(listener), current: () => this.view.current() };
  }

  private onBmp(m: BmpMessage): void {
    if (m.type === 'peer-up' || m.type === 'peer-down') this.peerChanged(m.peer.address, true);
    else if (m.type === 'route-monitoring') this.peerChanged(m.peer.address, false);
    else if (m.type === 'termination') this.wantFullRead();
  }

  /** A session (or the routes it brought) changed: read its VRF again. BMP names the peer, not its VRF. */
  private peerChanged(address: string, state: boolean): void {
    const vrfs: string[] = [];
    for (const [vrf, peers] of this.peerIds) if (peers.has(address)) vrfs.push(vrf);
    if (vrfs.length > MAX_VRFS_PER_EVENT) return this.wantFullRead();
    for (const vrf of vrfs) {
      this.dirtyVrfs.add(vrf);
      if (state) this.followUp(vrf);
    }
    if (vrfs.length > 0) this.scheduleRefresh(state ? 0 : ROUTES_SETTLE_MS);
  }

  private followUp(vrf: string): void {
    for (const t of this.followUps.get(vrf) ?? []) clearTimeout(t);
    const timers = FOLLOW_UP_READS_MS.map((ms) =>
      setTimeout(() => {
        this.dirtyVrfs.add(vrf);
        this.scheduleRefresh(0);
      }, ms),
    );
    this.followUps.set(vrf, timers);
  }

  private wantFullRead(): void {
    if (!this.sessionEvents) return;
    this.fullReadWanted = true;
    // Coalesces the burst of connections a restarted bgpd or vbrd brings.
    this.scheduleRefresh(50);
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.closed) return;
    const due = Date.now() + delayMs;
    if (this.refreshTimer && this.refreshDue <= due) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshDue = due;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, delayMs);
  }

  /** Reads what events asked for, until nothing more is asked; a pass under way takes up what arrives meanwhile. */
  private refresh(): void {
    if (this.refreshing || this.closed) return;
    this.refreshing = (async () => {
      while (!this.closed && (this.fullReadWanted || this.dirtyVrfs.size > 0)) {
        let changed: boolean;
        if (this.fullReadWanted) {
          this.fullReadWanted = false;
          this.dirtyVrfs.clear();
          changed = await this.readAll(this.eventVty);
        } else {
          const vrfs = [...this.dirtyVrfs];
          this.dirtyVrfs.clear();
          changed = await this.readVrfs(vrfs);
        }
        if (changed) for (const l of this.listeners) l();
      }
    })()
      .catch((e: unknown) => {
        this.options.log?.(`frr: reading sessions after an event failed: ${String(e)}`);
        this.fullReadWanted = true;
      })
      .finally(() => {
        this.refreshing = null;
      });
  }

  /** Every carried VRF, in one read of each daemon. */
  private async readAll(pool: Map<string, VtyClient>): Promise<boolean> {
    const read = this.view.startRead();
    const peerIds = new Map(this.peerIds);
    const neighbors = await this.vty('bgpd', pool).json('show bgp vrf all neighbors json');
    const bfd = parseBfdPeers(await this.vty('bfdd', pool).json('show bfd peers json'));
    const groups = await this.withRoutes(pool, observePeers(neighbors, bfd, peerIds), peerIds, 'all');
    return this.view.take(read, this.stillCarried(groups), true);
  }

  private async readVrfs(vrfs: string[]): Promise<boolean> {
    const read = this.view.startRead();
    const found = new Map<string, ReadonlyMap<string, PeerObservation>>();
    for (const vrf of vrfs) {
      const peers = this.peerIds.get(vrf);
      if (!peers) continue;
      const neighbors = await this.vty('bgpd', this.eventVty).json(`show bgp vrf ${vrf} neighbors json`);
      const bfdReply = await this.vty('bfdd', this.eventVty).exec(`show bfd vrf ${vrf} peers json`);
      const bfd = bfdReply.status === 0 ? parseBfdPeers(parseJsonOr(bfdReply.output, [])) : [];
      const peerIds = new Map([[vrf, peers]]);
      const groups = await this.withRoutes(this.eventVty, observePeers({ [vrf]: neighbors }, bfd, peerIds), peerIds, vrf);
      for (const [key, group] of groups) found.set(key, group);
    }
    return this.view.take(read, this.stillCarried(found));
  }

  /** The sessions with the routes they hold: a RIB read per address family, only when some session holds any. */
  private async withRoutes(
    pool: Map<string, VtyClient>,
    groups: Map<string, Map<string, PeerObservation>>,
    peerIds: ReadonlyMap<string, ReadonlyMap<string, string>>,
    vrf: string,
  ): Promise<Map<string, Map<string, PeerObservation>>> {
    const families = new Set<string>();
    for (const [v, peers] of peerIds)
      for (const [ip, id] of peers)
        if ((groups.get(v)?.get(id)?.receivedRouteCount ?? 0) > 0) families.add(ip.includes(':') ? 'ipv6' : 'ipv4');
    const learned = [];
    for (const afi of families) {
      const rib = await this.vty('bgpd', pool).json(`show bgp vrf ${vrf} ${afi} unicast json`);
      // One VRF's table comes unkeyed; `vrf all` keys each by its name.
      learned.push(parseLearnedRoutes(vrf === 'all' ? rib : { [vrf]: rib }));
    }
    return learned.length > 0 ? withLearnedRoutes(groups, learned, peerIds) : groups;
  }

  /** What a read found, without the VRFs removed while it ran. */
  private stillCarried<T>(found: Map<string, T>): Map<string, T> {
    for (const vrf of found.keys()) if (!this.peerIds.has(vrf)) found.delete(vrf);
    return found;
  }

  namespaceOf(vbrId: string): string {
    return namespaceNameFor(this.prefix, vbrId);
  }

  applyVbr(desired: DesiredVbr): Promise<void> {
    return this.exclusive(() => this.applyNow(desired)).finally(() => {
      // New peers show Idle at once, and what they do next is read as it happens.
      if (!this.sessionEvents) return;
      const vrf = this.namespaceOf(desired.vbrId);
      this.dirtyVrfs.add(vrf);
      this.followUp(vrf);
      this.scheduleRefresh(0);
    });
  }

  removeVbr(vbrId: string): Promise<void> {
    return this.exclusive(() => this.removeNow(vbrId));
  }

  async listVbrs(): Promise<string[]> {
    const found = await listVbrNamespaces(this.prefix);
    return [...found.values()].sort();
  }

  async observe(): Promise<Observations> {
    if (this.peerIds.size > 0) await this.readAll(this.showVty);
    else this.view.take(this.view.startRead(), new Map(), true);
    return this.view.current();
  }

  async show(daemon: 'bgpd' | 'bfdd' | 'zebra', command: string): Promise<string> {
    return this.vty(daemon, this.showVty).execOk(command);
  }

  /**
   * The customer's link of a peer's VBR, acted on in the customer's namespace: a session's state follows
   * its link (down: BFD and BGP see the failure and the session drops; up: it comes back), and netem
   * adds loss and delay. What a real link cannot do (hold Connect, announce routes) is refused.
   */
  private makeControl(): DataPlaneControl {
    const linkOf = (bgpPeerId: string): { vrf: string; link: CustomerLink } => {
      for (const [vrf, peers] of this.peerIds) {
        for (const id of peers.values()) {
          const link = this.customerLinks.get(vrf);
          if (id === bgpPeerId && link) return { vrf, link };
        }
      }
      throw new UnknownPeerError(bgpPeerId);
    };
    const setUp = async (bgpPeerId: string, up: boolean) => {
      const { vrf, link } = linkOf(bgpPeerId);
      this.touched.add(vrf);
      await setCustomerLinkUp(link, up);
    };
    return {
      setSession: async (id, state) => {
        if (state !== 'Idle' && state !== 'Established')
          throw new UnsupportedControlError(
            `on the frr data plane a session follows its link: Idle takes the customer's link down, Established brings it up; ${state} cannot be held`,
          );
        await setUp(id, state === 'Established');
      },
      flap: async (id, downMs) => {
        await setUp(id, false);
        const timer = setTimeout(() => {
          this.flaps.delete(timer);
          setUp(id, true).catch((e: unknown) => this.options.log?.(`frr: bringing ${id}'s link back up failed: ${String(e)}`));
        }, downMs);
        this.flaps.add(timer);
      },
      setReceivedRoutes: () =>
        Promise.reject(new UnsupportedControlError("on the frr data plane the customer's routes are its router's: announce them there")),
      impair: async (id, { lossPercent, delayMs }) => {
        const { vrf, link } = linkOf(id);
        this.touched.add(vrf);
        await impairCustomerLink(link, lossPercent, delayMs);
      },
      clear: async () => {
        for (const t of this.flaps) clearTimeout(t);
        this.flaps.clear();
        for (const vrf of this.touched) {
          const link = this.customerLinks.get(vrf);
          if (!link) continue;
          await setCustomerLinkUp(link, true).catch(() => undefined);
          await impairCustomerLink(link, 0, 0);
        }
        this.touched.clear();
      },
      // Real sessions keep their own pace.
      hurry: () => {},
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.flaps) clearTimeout(t);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const timers of this.followUps.values()) for (const t of timers) clearTimeout(t);
    await this.serial.catch(() => undefined);
    await this.refreshing;
    await this.bmp?.close();
    for (const v of [...this.configVty.values(), ...this.showVty.values(), ...this.eventVty.values()]) v.close();
    this.configVty.clear();
    this.showVty.clear();
    this.eventVty.clear();
    await this.supervisor.stop();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work, work);
    this.serial = result.catch(() => undefined);
    return result;
  }

  private vty(daemon: FrrDaemon, pool: Map<string, VtyClient>): VtyClient {
    let client = pool.get(daemon);
    if (!client) {
      client = new VtyClient(this.supervisor.socketPath(daemon));
      pool.set(daemon, client);
    }
    return client;
  }

  private async applyNow(desired: DesiredVbr): Promise<void> {
    const vrf = this.namespaceOf(desired.vbrId);
    const addresses = linkAddresses(desired); // these two throw PermanentSpeakerError on bad input
    const rendered = renderVbr(desired, vrf, this.render);
    // From now on observe() reports these peers as FRR has them (Idle when it has nothing), also when the
    // rest of this apply fails: the API shows what the router says, never what an earlier run read.
    this.peerIds.set(vrf, rendered.peerIds);
    if (desired.farSideNamespace) this.customerLinks.set(vrf, { farSideNamespace: desired.farSideNamespace, vlanId: desired.vlanId });
    else this.customerLinks.delete(vrf);
    const links = await ensureVbrNamespace(vrf, desired.vbrId);
    await this.supervisor.mountNamespace.expose(vrf);
    // The link needs the customer's side; the BGP configuration does not (a deleted peer must leave FRR
    // also when the far side is gone), so a missing link is reported after everything else is applied.
    const linkProblem = await this.ensureLink(desired, vrf, addresses, links);

    // bgpd first, so a profile is no longer referenced when bfdd drops it.
    const before = await this.runningConfig('bgpd');
    const bgpPlan = planBgpInstance(parseBgpInstances(before).get(vrf), rendered.bgp);
    await this.configure('bgpd', bgpPlan);
    const ownProfiles = [...parseBfdProfiles(await this.runningConfig('bfdd')).values()].filter((p) => isProfileOf(vrf, p.name));
    await this.configure('bfdd', planBfdProfiles(ownProfiles, rendered.bfdProfiles));
    // The route table's static routes: staticd's, in the VBR's VRF.
    const staticRoutes = renderStaticRoutes(desired);
    const routesPlan = planStaticRoutes(vrf, parseStaticRoutes(await this.runningConfig('staticd')).get(vrf) ?? [], staticRoutes);
    await this.configure('staticd', routesPlan);
    if (routesPlan.length > 0) {
      const residual = planStaticRoutes(vrf, parseStaticRoutes(await this.runningConfig('staticd')).get(vrf) ?? [], staticRoutes);
      if (residual.length > 0)
        throw new Error(`FRR did not take the static routes of ${desired.vbrId}: still to do ${JSON.stringify(residual)}`);
    }

    // Resolve only once FRR holds exactly what was asked (a rejected line shows up here). With nothing
    // pushed, the read above already showed that.
    const after = bgpPlan.length > 0 ? await this.runningConfig('bgpd') : before;
    if (bgpPlan.length > 0) {
      const residual = planBgpInstance(parseBgpInstances(after).get(vrf), rendered.bgp);
      if (residual.length > 0)
        throw new Error(withoutSecrets(`FRR did not take the configuration of ${desired.vbrId}: still to do ${JSON.stringify(residual)}`));
    }
    if (this.bmpPort > 0)
      await this.configure(
        'bgpd',
        planBmpTarget(parseBmpTargets(after).get(vrf), `router bgp ${rendered.bgp.asn} vrf ${vrf}`, this.bmpPort),
      );
    const problem = (await this.missingVrf(desired.vbrId, vrf)) ?? linkProblem;
    if (problem) throw problem;
    await this.ensureBfdSessions(desired, vrf, rendered.bgp.asn);
  }

  /**
   * bgpd registers its BFD sessions with bfdd through zebra, and does not register them again when bfdd
   * restarted while bgpd itself was not connected to zebra (a restarted zebra takes bgpd ~10 s to reconnect
   * to): BGP stays up, but without BFD a lost customer goes unseen for the hold time. So after zebra or
   * bfdd restarted (and once per VRF after start), an apply checks that bfdd holds a session for each BFD
   * peer and, once bgpd is connected to zebra, takes BFD off and on again for those it lacks. Until they
   * are back the apply is incomplete (the BGP configuration is in place) and asks to be retried in a second.
   */
  private async ensureBfdSessions(desired: DesiredVbr, vrf: string, asn: number): Promise<void> {
    const epoch = this.bfdEpoch;
    if (this.bfdChecked.get(vrf) === epoch) return;
    const wanted = desired.groups.flatMap((g) =>
      g.peers.filter((p) => p.enableBfd).map((p) => ({ ip: canonicalIp(p.peerIp), hops: p.bfdMultiHop })),
    );
    const missing = async (fresh: boolean) => {
      const now = Date.now();
      // Never a list read before the restart that made this check necessary.
      if (fresh || this.bfdSessions?.epoch !== epoch || now - this.bfdSessions.at > 500) {
        this.bfdSessions = { at: now, epoch, peers: parseBfdPeers(await this.vty('bfdd', this.showVty).json('show bfd peers json')) };
      }
      const held = this.bfdSessions.peers;
      return wanted.filter((w) => !held.some((b) => b.vrf === vrf && b.peer === w.ip));
    };
    let lacking = wanted.length === 0 ? [] : await missing(false);
    // A session registered a moment ago may not be listed yet.
    if (lacking.length > 0 && !(await waitUntil(async () => (lacking = await missing(true)).length === 0, 300, 50))) {
      const waiting = (why: string) =>
        new IncompleteApplyError(
          `VBR ${desired.vbrId}: bfdd has no BFD session for ${lacking.map((w) => w.ip).join(', ')}: ${why}`,
          false,
          1000,
        );
      const clients = await this.vty('zebra', this.showVty).execOk('show zebra client summary');
      if (!/^bgp\s/m.test(clients)) throw waiting('bgpd is not connected to zebra yet');
      await this.configure('bgpd', [
        `router bgp ${asn} vrf ${vrf}`,
        ...lacking.flatMap((w) => [
          `no neighbor ${w.ip} bfd`,
          `neighbor ${w.ip} bfd`,
          `neighbor ${w.ip} bfd profile ${bfdProfileName(vrf, w.hops)}`,
        ]),
        'exit',
      ]);
      if (!(await waitUntil(async () => (lacking = await missing(true)).length === 0, 1000, 50)))
        throw waiting('registered again, not listed yet');
    }
    this.bfdChecked.set(vrf, epoch);
  }

  /** Makes the VBR's link to its far side; what stands in the way is returned, to be thrown at the end. */
  private async ensureLink(desired: DesiredVbr, vrf: string, addresses: string[], links: IpLink[]): Promise<IncompleteApplyError | null> {
    if (!desired.farSideNamespace) {
      return new IncompleteApplyError(
        `VBR ${desired.vbrId}: the inventory names no far-side namespace for ${desired.physicalConnectionId}`,
        true,
      );
    }
    try {
      await ensureVbrLink(
        {
          namespace: vrf,
          farSideNamespace: desired.farSideNamespace,
          vlanId: desired.vlanId,
          mode: this.linkMode,
          trunk: { hostNamespace: this.hostNamespace, interface: trunkInterfaceFor(desired.farSideNamespace) },
          addresses,
        },
        links,
      );
      return null;
    } catch (e) {
      return new IncompleteApplyError(`VBR ${desired.vbrId}: ${(e as Error).message}`, e instanceof VlanInUseError);
    }
  }

  /**
   * zebra must know the VBR's VRF: without it bgpd holds the configuration under vrf-id -1 and no session
   * can start. It learns of a newly exposed namespace within milliseconds; allow a little more on a busy
   * machine before saying so.
   */
  private async missingVrf(vbrId: string, vrf: string): Promise<IncompleteApplyError | null> {
    const zebra = this.vty('zebra', this.configVty);
    const live = async () => !/% VRF \S+ not found/.test((await zebra.exec(`show interface vrf ${vrf} brief`)).output);
    if ((await live()) || (await waitUntil(live, VRF_LIVE_TIMEOUT_MS, 20))) return null;
    return new IncompleteApplyError(
      `VBR ${vbrId}: zebra has no VRF ${vrf}: its namespace is not visible to FRR (see zebra.log in the FRR run directory)`,
      false,
    );
  }

  private async removeNow(vbrId: string): Promise<void> {
    const vrf = this.namespaceOf(vbrId);
    const instance = parseBgpInstances(await this.runningConfig('bgpd')).get(vrf);
    if (instance) await this.configure('bgpd', [removeInstanceCommand(instance)]);
    const ownProfiles = [...parseBfdProfiles(await this.runningConfig('bfdd')).values()].filter((p) => isProfileOf(vrf, p.name));
    await this.configure('bfdd', planBfdProfiles(ownProfiles, []));
    await this.configure('staticd', planStaticRoutes(vrf, parseStaticRoutes(await this.runningConfig('staticd')).get(vrf) ?? [], []));
    this.peerIds.delete(vrf);
    if (this.view.forget(vrf)) for (const l of this.listeners) l();
    this.customerLinks.delete(vrf);
    this.touched.delete(vrf);
    this.bfdChecked.delete(vrf);
    await this.supervisor.mountNamespace.hide(vrf);
    await deleteVbrNamespace(vrf);
  }

  private runningConfig(daemon: ConfigDaemon): Promise<string> {
    return this.vty(daemon, this.configVty).execOk('show running-config');
  }

  /** One `configure terminal` session; every line must succeed. */
  private async configure(daemon: ConfigDaemon, lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const vty = this.vty(daemon, this.configVty);
    await vty.execOk('configure terminal');
    const failures: string[] = [];
    try {
      for (const line of lines) {
        const reply = await vty.exec(line);
        if (reply.status !== 0) failures.push(withoutSecrets(`${line}: ${reply.output.trim() || `status ${reply.status}`}`));
      }
    } finally {
      await vty.exec('end').catch(() => undefined);
    }
    if (failures.length > 0) {
      this.options.log?.(`frr: ${daemon} rejected: ${failures.join('; ')}`);
      throw new VtyCommandError(failures[0]!.split(':')[0]!, { status: 1, output: failures.join('\n') });
    }
  }
}

function linkAddresses(d: DesiredVbr): string[] {
  const out: string[] = [];
  if (!ipaddr.IPv4.isValidFourPartDecimal(d.localGatewayIp)) {
    throw new PermanentSpeakerError(`VBR ${d.vbrId}: LocalGatewayIp "${d.localGatewayIp}" is not an IPv4 address`);
  }
  const v4 = ipaddr.IPv4.parse(d.localGatewayIp).toString();
  let len: number | null;
  try {
    len = ipaddr.IPv4.parse(d.peeringSubnetMask).prefixLengthFromSubnetMask();
  } catch {
    len = null;
  }
  if (len === null) throw new PermanentSpeakerError(`VBR ${d.vbrId}: PeeringSubnetMask "${d.peeringSubnetMask}" is not a subnet mask`);
  out.push(`${v4}/${len}`);
  if (d.enableIpv6 && d.localIpv6GatewayIp) {
    const v6len = Number(d.peeringIpv6SubnetMask.split('/')[1]);
    if (!Number.isInteger(v6len) || v6len < 1 || v6len > 128) {
      throw new PermanentSpeakerError(`VBR ${d.vbrId}: PeeringIpv6SubnetMask "${d.peeringIpv6SubnetMask}" has no prefix length`);
    }
    if (!ipaddr.IPv6.isValid(d.localIpv6GatewayIp)) {
      throw new PermanentSpeakerError(`VBR ${d.vbrId}: LocalIpv6GatewayIp "${d.localIpv6GatewayIp}" is not an IPv6 address`);
    }
    out.push(`${ipaddr.IPv6.parse(d.localIpv6GatewayIp).toString()}/${v6len}`);
  }
  return out;
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
