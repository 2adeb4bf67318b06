// CreateBgpPeer (the heart of vbrd), DescribeBgpPeers, ModifyBgpPeerAttribute, DeleteBgpPeer.
// Which condition gives which error is tabled in docs/behaviour.md.
import { apiError } from '../../errors/catalogue.js';
import { isoSeconds, newId } from '../../domain/ids.js';
import {
  isDeletable,
  isDeleting,
  isLive,
  type BgpGroupData,
  type BgpPeerData,
  type PhysicalConnectionData,
  type VbrData,
} from '../../domain/model.js';
import { isPhysicalConnectionServiceOpen } from '../../domain/physical-connection.js';
import { checkNotLocalAddress, parseIpVersion, parsePeerIp, peerAddressTaken } from '../../domain/bgp-rules.js';
import type { IpVersion } from '../../speaker/speaker.js';
import { findAccessDevice, type SeedAccessDevice } from '../../config/seed.js';
import { BFD_SESSION_KEY_PREFIX, bfdSessionKey } from '../../domain/record-indexing.js';
import type { AuthKeyBox } from '../../auth/auth-key-box.js';
import type { ResourceRecord } from '../../store/record.js';
import type { LockKey, StoreReader } from '../../store/store.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { vbrResourceArn } from './vbr-shared.js';
import { readAction, writeAction, type ReadContext } from '../action.js';
import { bgpPage } from './bgp-describe.js';
import { jsonString, RawJson } from '../../protocol/raw-json.js';
import { applyError, namedResource, ownGroup, ownVbr, requireVbrActive, saveDesired, vbrIdOf, vbrLockOf } from './bgp-shared.js';
import { requireOwn } from './own-resource.js';
import { pagingParams } from './param-groups.js';

/** Hop count when BFD is enabled without one (Alibaba's documented default). */
export const DEFAULT_BFD_HOPS = 255;

/** The VBR's own circuit, which carries its BGP sessions. */
async function circuitOf(db: StoreReader, vbr: ResourceRecord<VbrData>): Promise<ResourceRecord<PhysicalConnectionData> | undefined> {
  return db.get<PhysicalConnectionData>('PhysicalConnection', vbr.data.PhysicalConnectionId);
}

/** BFD hop count from the request: EnableBfd must accompany BfdMultiHop; 1–255. */
function bfdSettings(enable: boolean | undefined, hops: number | undefined, current?: BgpPeerData): { enableBfd: boolean; hops: number } {
  if (hops !== undefined && enable === undefined && !current?.EnableBfd) throw apiError('MissingParam.EnableBfd');
  if (hops !== undefined && (hops < 1 || hops > 255)) throw apiError('IllegalParam.BfdMultiHop');
  const enableBfd = enable ?? current?.EnableBfd ?? false;
  return { enableBfd, hops: hops ?? current?.BfdMultiHop ?? DEFAULT_BFD_HOPS };
}

/**
 * The peer address: given (validated), or derived from the VBR's peer gateway for that family when
 * the VBR has exactly one sub-interface (its one circuit).
 */
function peerAddress(vbr: ResourceRecord<VbrData>, given: string | undefined, version: IpVersion): string {
  if (given !== undefined && given !== '') {
    const ip = parsePeerIp(given, version);
    checkNotLocalAddress(vbr.data, ip, version);
    return ip;
  }
  if (vbr.data.associations.length > 0) throw apiError('InvalidPeerIpAddress');
  const derived = version === 'IPv6' ? vbr.data.PeerIpv6GatewayIp : vbr.data.PeerGatewayIp;
  if (!derived) throw apiError('InvalidParams.PeerIpAddressMustPointOut');
  return parsePeerIp(derived, version);
}

/** The VBR's peers that are not on their way out (they count against the quota and own their IPs). */
async function livePeersOf(db: StoreReader, vbr: ResourceRecord<VbrData>): Promise<ResourceRecord<BgpPeerData>[]> {
  // Every child of a VBR has its account and region; naming them lets the index give the id order.
  const peers = await db.list<BgpPeerData>({ kind: 'BgpPeer', vbrId: vbr.id, accountId: vbr.accountId, regionId: vbr.regionId });
  return peers.items.filter(isLive);
}

/**
 * Peer IPs are unique per VBR (which code says so: peerAddressTaken). Stored peer IPs and `ip` are
 * normalised (parsePeerIp), so equal addresses are equal strings.
 */
function checkPeerIpFree(
  peers: ResourceRecord<BgpPeerData>[],
  groupId: string,
  ip: string,
  version: IpVersion,
  action: 'create' | 'modify',
  selfId?: string,
): void {
  const clash = peers.find((p) => p.id !== selfId && p.data.PeerIpAddress === ip);
  if (clash) throw peerAddressTaken(version, clash.parentId === groupId, action);
}

/**
 * BFD sessions are limited per account and per access device (across accounts). Call it only for a
 * peer that holds no session yet (see quotaKeyOf), so that it is not counted against itself.
 */
async function checkBfdCapacity(ctx: ReadContext, device: SeedAccessDevice): Promise<void> {
  if (
    (await ctx.db.countQuotaKey({ keyPrefix: BFD_SESSION_KEY_PREFIX, accountId: ctx.accountId })) >=
    ctx.services.seed.quotas.bfdSessionsPerAccount
  ) {
    throw apiError('QuotaExceeded.BfdSession');
  }
  if ((await ctx.db.countQuotaKey({ key: bfdSessionKey(device.deviceId) })) >= device.bfdSessionLimit) {
    throw apiError('QuotaExceeded.BfdSession', undefined, { message: 'The Bfd Session on device reaches the upper limit.' });
  }
}

/** The VBR of the named group or peer and, when BFD is asked for, the BFD quotas, which span VBRs (account) and accounts (device). */
async function peerLocks(ctx: ReadContext, kind: 'BgpGroup' | 'BgpPeer', id: string, wantsBfd: boolean): Promise<LockKey[]> {
  const vbrId = await vbrIdOf(ctx, kind, id);
  if (!vbrId) return [];
  if (!wantsBfd) return [lockKeys.vbr(vbrId)];
  const vbr = await ctx.db.get<VbrData>('VirtualBorderRouter', vbrId);
  const pc = vbr && (await circuitOf(ctx.db, vbr));
  return [lockKeys.vbr(vbrId), lockKeys.bfdSessions(ctx.accountId), ...(pc ? [lockKeys.accessDevice(pc.data.accessDeviceId)] : [])];
}

export const createBgpPeer = writeAction({
  name: 'CreateBgpPeer',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    BgpGroupId: { type: 'string', required: true },
    PeerIpAddress: { type: 'string' },
    EnableBfd: { type: 'boolean' },
    BfdMultiHop: { type: 'integer' },
    IpVersion: { type: 'string' },
    ClientToken: { type: 'string' },
  },
  resource: async (ctx, p) => vbrResourceArn(ctx, (await namedResource(ctx, 'BgpGroup', p.BgpGroupId))?.vbrId),
  locks: (ctx, p) => peerLocks(ctx, 'BgpGroup', p.BgpGroupId, p.EnableBfd === true),
  async run(ctx, p) {
    const group = await ownGroup(ctx, p.BgpGroupId);
    const vbr = await ownVbr(ctx, group.vbrId!);
    if (!(await isPhysicalConnectionServiceOpen(ctx.db, ctx.services.seed, ctx.accountId)))
      throw apiError('OperationFailed.PconnTrafficNotEnable');
    const pc = await circuitOf(ctx.db, vbr);
    if (pc?.data.ProductType === 'VirtualPhysicalConnection') throw apiError('UnsupportedFeature.Vpconn');
    const groupVersion = parseIpVersion(group.data.IpVersion) ?? 'IPv4';
    const version = parseIpVersion(p.IpVersion) ?? groupVersion;
    if (version === 'IPv6' && !ctx.region!.ipv6) throw apiError('OperationUnsupported.IPV6ForThisRegion');
    if (version !== groupVersion)
      throw apiError('IllegalParam.IpVersion', undefined, { message: "The IpVersion is illegal: it differs from the BGP group's." });
    if (version === 'IPv6' && !vbr.data.EnableIpv6)
      throw apiError('IllegalParam.IpVersion', undefined, { message: 'The IpVersion is illegal: the VBR does not have IPv6 enabled.' });
    const bfd = bfdSettings(p.EnableBfd, p.BfdMultiHop);
    const ip = peerAddress(vbr, p.PeerIpAddress, version);
    requireVbrActive(vbr);
    if (group.status !== 'Available') throw apiError('InvalidStatus.CannotOperate');
    const peers = await livePeersOf(ctx.db, vbr);
    checkPeerIpFree(peers, group.id, ip, version, 'create');
    if (peers.length >= ctx.services.seed.quotas.bgpPeersPerVbr) throw apiError('QuotaExceeded.Bgp');
    const device = pc && findAccessDevice(ctx.services.seed, pc.data.accessDeviceId);
    if (!pc || !device) throw apiError('InvalidAccessDeviceId.NotFound');
    if (bfd.enableBfd) await checkBfdCapacity(ctx, device);
    const id = newId('bgp', ctx.now);
    const rec: ResourceRecord<BgpPeerData> = {
      id,
      kind: 'BgpPeer',
      accountId: ctx.accountId,
      regionId: vbr.regionId,
      parentId: group.id,
      vbrId: vbr.id,
      status: 'Pending',
      dueAt: null,
      data: {
        BgpGroupId: group.id,
        PeerIpAddress: ip,
        IpVersion: version,
        // Echoed as spelt (Terraform sends IPV4 and compares verbatim); without one, the group's.
        IpVersionAsGiven: p.IpVersion ?? group.data.IpVersion,
        EnableBfd: bfd.enableBfd,
        BfdMultiHop: bfd.hops,
        accessDeviceId: device.deviceId,
        BgpStatus: 'Idle',
        bfdStatus: null,
        AdvertisedRouteCount: 0,
        ReceivedRouteCount: 0,
        generation: 0,
        lastError: '',
        GmtModified: ctx.now,
      },
    };
    await saveDesired(ctx, rec, 'Pending', rec.data, true);
    return { BgpPeerId: id };
  },
});

/** A peer's session fields when no session is known. */
const NO_SESSION: Pick<BgpPeerData, 'BgpStatus' | 'AdvertisedRouteCount' | 'ReceivedRouteCount'> = {
  BgpStatus: 'Idle',
  AdvertisedRouteCount: 0,
  ReceivedRouteCount: 0,
};

/** The group's settings each of its peers repeats in DescribeBgpPeers, as JSON (they follow PeerIpAddress). */
function groupJson(g: ResourceRecord<BgpGroupData> | undefined, authKeys?: AuthKeyBox): string {
  const gd = g?.data;
  const authKey = g && authKeys ? (authKeys.open(g.data.SealedAuthKey, g.id) ?? '') : '';
  return (
    `"PeerAsn":"${gd ? gd.PeerAsn : ''}","LocalAsn":"${gd ? gd.LocalAsn : ''}","AuthKey":${jsonString(authKey)},"IsFake":${gd?.IsFakeAsn ?? false},` +
    `"Hold":"${gd ? gd.Hold : ''}","Keepalive":"${gd ? gd.Keepalive : ''}","RouteLimit":"${gd ? gd.RouteQuota : ''}"`
  );
}

/**
 * One peer of DescribeBgpPeers as JSON, in the order the object form had (see raw-json.ts for why).
 * Values vbrd makes itself (ids, the normalised peer address, statuses, numbers, times) need no
 * escaping and go in as they are; text from elsewhere (keys, the caller's IpVersion, the speaker's
 * words) goes through jsonString. test/api/bgp-lifecycle.test.ts sends such text through.
 * Name and Description are the peer's own, which no API sets: empty, whatever its group is called
 * (Alibaba's example and Terraform's tests; docs/behaviour.md).
 */
function peerJson(p: ResourceRecord<BgpPeerData>, region: string, group: string, sessionKnown: boolean): string {
  const d = p.data;
  const error = applyError(d).VbrdApplyError;
  // A session nobody has read since the data plane's driver took over is shown as none (docs/behaviour.md).
  const session = sessionKnown ? d : NO_SESSION;
  return (
    `{"BgpPeerId":"${p.id}","BgpGroupId":"${d.BgpGroupId}","RouterId":"${p.vbrId}","RegionId":${region},"Name":"","Description":"",` +
    `"PeerIpAddress":"${d.PeerIpAddress}",${group},"EnableBfd":${d.EnableBfd},"BfdMultiHop":${d.BfdMultiHop},` +
    `"IpVersion":${jsonString(d.IpVersionAsGiven ?? d.IpVersion)},` +
    `"Status":"${p.status}","BgpStatus":${jsonString(session.BgpStatus)},"AdvertisedRouteCount":${session.AdvertisedRouteCount},` +
    `"ReceivedRouteCount":${session.ReceivedRouteCount},"GmtModified":"${isoSeconds(d.GmtModified)}"` +
    `${error === undefined ? '' : `,"VbrdApplyError":${jsonString(error)}`}` +
    `${sessionKnown && d.bfdStatus ? `,"VbrdBfdStatus":${jsonString(d.bfdStatus)}` : ''}}`
  );
}

export const describeBgpPeers = readAction({
  name: 'DescribeBgpPeers',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    BgpGroupId: { type: 'string' },
    BgpPeerId: { type: 'string' },
    RouterId: { type: 'string' },
    IsDefault: { type: 'boolean' },
    ...pagingParams,
  },
  resource: (ctx, p) => vbrResourceArn(ctx, p.RouterId),
  async run(ctx, p) {
    const { items, page } = await bgpPage<BgpPeerData>(ctx, 'BgpPeer', p, { id: p.BgpPeerId, groupId: p.BgpGroupId });
    const groupIds = [...new Set(items.map((x) => x.parentId!))];
    const groups = groupIds.length ? (await ctx.db.list<BgpGroupData>({ kind: 'BgpGroup', ids: groupIds })).items : [];
    const byId = new Map(groups.map((g) => [g.id, groupJson(g, ctx.services.authKeys)]));
    const region = jsonString(ctx.region!.regionId); // a page holds one region's peers
    const sessionKnown = items.length > 0 && (await ctx.services.sessionsVerified());
    const peers = items.map((x) => peerJson(x, region, byId.get(x.parentId!) ?? groupJson(undefined), sessionKnown));
    return { ...page, BgpPeers: new RawJson(`{"BgpPeer":[${peers.join(',')}]}`) };
  },
});

/** The caller's peer; a missing one is each action's documented code (ModifyBgpPeerAttribute: 404, DeleteBgpPeer: 400). */
const ownPeer = (ctx: ReadContext, id: string, notFound: 'InvalidBgpPeerId.NotFound' | 'InvalidBgpPeer.NotFound') =>
  requireOwn<BgpPeerData>(ctx, 'BgpPeer', id, notFound);

export const modifyBgpPeerAttribute = writeAction({
  name: 'ModifyBgpPeerAttribute',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    BgpPeerId: { type: 'string', required: true },
    BgpGroupId: { type: 'string' },
    PeerIpAddress: { type: 'string' },
    EnableBfd: { type: 'boolean' },
    BfdMultiHop: { type: 'integer' },
    ClientToken: { type: 'string' },
  },
  resource: async (ctx, p) => vbrResourceArn(ctx, (await namedResource(ctx, 'BgpPeer', p.BgpPeerId))?.vbrId),
  locks: (ctx, p) => peerLocks(ctx, 'BgpPeer', p.BgpPeerId, p.EnableBfd === true),
  async run(ctx, p) {
    const peer = await ownPeer(ctx, p.BgpPeerId, 'InvalidBgpPeerId.NotFound');
    if (p.BgpGroupId !== undefined && p.BgpGroupId !== peer.parentId) {
      await ownGroup(ctx, p.BgpGroupId);
      throw apiError('InvalidParameter', 'BgpGroupId', {
        message: 'The specified parameter "BgpGroupId" is not valid: a BGP peer cannot move to another group.',
      });
    }
    const vbr = await ownVbr(ctx, peer.vbrId!);
    const bfd = bfdSettings(p.EnableBfd, p.BfdMultiHop, peer.data);
    const ip = p.PeerIpAddress === undefined ? peer.data.PeerIpAddress : peerAddress(vbr, p.PeerIpAddress, peer.data.IpVersion);
    requireVbrActive(vbr);
    if (peer.status !== 'Available') throw apiError('InvalidStatus.CannotOperate');
    if (ip !== peer.data.PeerIpAddress)
      checkPeerIpFree(await livePeersOf(ctx.db, vbr), peer.parentId!, ip, peer.data.IpVersion, 'modify', peer.id);
    if (bfd.enableBfd && !peer.data.EnableBfd) {
      const device = findAccessDevice(ctx.services.seed, peer.data.accessDeviceId);
      if (!device) throw apiError('InvalidAccessDeviceId.NotFound');
      await checkBfdCapacity(ctx, device);
    }
    await saveDesired(ctx, peer, 'Modifying', { ...peer.data, PeerIpAddress: ip, EnableBfd: bfd.enableBfd, BfdMultiHop: bfd.hops });
    return {};
  },
});

export const deleteBgpPeer = writeAction({
  name: 'DeleteBgpPeer',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    BgpPeerId: { type: 'string', required: true },
    ClientToken: { type: 'string' },
  },
  resource: async (ctx, p) => vbrResourceArn(ctx, (await namedResource(ctx, 'BgpPeer', p.BgpPeerId))?.vbrId),
  locks: (ctx, p) => vbrLockOf(ctx, 'BgpPeer', p.BgpPeerId),
  async run(ctx, p) {
    const peer = await ownPeer(ctx, p.BgpPeerId, 'InvalidBgpPeer.NotFound');
    if (isDeleting(peer)) return {};
    if (!isDeletable(peer)) throw apiError('InvalidStatus.CannotOperate');
    await saveDesired(ctx, peer, 'Deleting', peer.data);
    return {};
  },
});
