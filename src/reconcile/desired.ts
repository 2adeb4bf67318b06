// Builds a speaker's desired state for one VBR from what the store holds.
import {
  isLive,
  type BgpGroupData,
  type BgpNetworkData,
  type BgpPeerData,
  type PhysicalConnectionData,
  type VbrData,
  type VbrRouteEntryData,
} from '../domain/model.js';
import { gatewayFor, interfacesOf } from '../domain/route-table.js';
import { findAccessDevice, type Seed } from '../config/seed.js';
import type { ResourceRecord } from '../store/record.js';
import type { StoreReader } from '../store/store.js';
import { PermanentSpeakerError, type DesiredVbr } from '../speaker/speaker.js';
import type { AuthKeyBox } from '../auth/auth-key-box.js';

export interface VbrSnapshot {
  vbr: ResourceRecord<VbrData> | undefined;
  groups: ResourceRecord<BgpGroupData>[];
  peers: ResourceRecord<BgpPeerData>[];
  networks: ResourceRecord<BgpNetworkData>[];
  routeEntries: ResourceRecord<VbrRouteEntryData>[];
}

export async function loadSnapshot(db: StoreReader, vbrId: string): Promise<VbrSnapshot> {
  const [vbr, groups, peers, networks, routeEntries] = await Promise.all([
    db.get<VbrData>('VirtualBorderRouter', vbrId),
    db.list<BgpGroupData>({ kind: 'BgpGroup', vbrId }),
    db.list<BgpPeerData>({ kind: 'BgpPeer', vbrId }),
    db.list<BgpNetworkData>({ kind: 'BgpNetwork', vbrId }),
    db.list<VbrRouteEntryData>({ kind: 'VbrRouteEntry', vbrId }),
  ]);
  return { vbr, groups: groups.items, peers: peers.items, networks: networks.items, routeEntries: routeEntries.items };
}

/** The speaker needs the AuthKey itself; one sealed under another key cannot be applied, and says why. */
function openAuthKey(authKeys: AuthKeyBox, g: ResourceRecord<BgpGroupData>): string {
  const key = authKeys.open(g.data.SealedAuthKey, g.id);
  if (key === undefined) {
    throw new PermanentSpeakerError(
      `group ${g.id}: its AuthKey was sealed under another key (VBRD_SECRET_KEY or the data directory's secret.key changed); set it again with ModifyBgpGroupAttribute`,
    );
  }
  return key;
}

/** VBR statuses in which the speaker should carry the VBR's sessions. */
const CARRIED = new Set(['active', 'unconfirmed', 'recovering']);

/** The desired state, or null when the speaker should hold nothing for this VBR. */
export async function desiredVbr(db: StoreReader, seed: Seed, s: VbrSnapshot, authKeys: AuthKeyBox): Promise<DesiredVbr | null> {
  const vbr = s.vbr;
  if (!vbr || !CARRIED.has(vbr.status)) return null;
  const d = vbr.data;
  const pc = await db.get<PhysicalConnectionData>('PhysicalConnection', d.PhysicalConnectionId);
  const port = pc && findAccessDevice(seed, pc.data.accessDeviceId)?.ports.find((p) => p.portNumber === pc.data.portNumber);
  const live = <T extends { status: string }>(xs: T[]) => xs.filter(isLive);
  const groups = live(s.groups);
  return {
    vbrId: vbr.id,
    accountId: vbr.accountId,
    regionId: vbr.regionId,
    physicalConnectionId: d.PhysicalConnectionId,
    farSideNamespace: port?.farSideNamespace,
    vlanId: d.VlanId,
    localGatewayIp: d.LocalGatewayIp,
    peerGatewayIp: d.PeerGatewayIp,
    peeringSubnetMask: d.PeeringSubnetMask,
    enableIpv6: d.EnableIpv6,
    localIpv6GatewayIp: d.LocalIpv6GatewayIp,
    peerIpv6GatewayIp: d.PeerIpv6GatewayIp,
    peeringIpv6SubnetMask: d.PeeringIpv6SubnetMask,
    minTxInterval: d.MinTxInterval,
    minRxInterval: d.MinRxInterval,
    detectMultiplier: d.DetectMultiplier,
    groups: groups.map((g) => ({
      bgpGroupId: g.id,
      localAsn: g.data.LocalAsn,
      peerAsn: g.data.PeerAsn,
      authKey: openAuthKey(authKeys, g),
      routeLimit: g.data.RouteQuota,
      isFakeAsn: g.data.IsFakeAsn,
      ipVersion: g.data.IpVersion.toLowerCase() === 'ipv6' ? 'IPv6' : 'IPv4',
      peers: live(s.peers)
        .filter((p) => p.parentId === g.id)
        .map((p) => ({
          bgpPeerId: p.id,
          peerIp: p.data.PeerIpAddress,
          ipVersion: p.data.IpVersion,
          enableBfd: p.data.EnableBfd,
          bfdMultiHop: p.data.BfdMultiHop,
        })),
    })),
    networks: live(s.networks).map((n) => n.data.DstCidrBlock),
    staticRoutes: live(s.routeEntries).flatMap((e) => {
      const via = interfacesOf(d).find((a) => a.VlanInterfaceId === e.data.NextHopId);
      const nextHop = via ? gatewayFor(via, e.data.IpVersion) : '';
      return nextHop ? [{ prefix: e.data.DestinationCidrBlock, nextHop }] : [];
    }),
  };
}
