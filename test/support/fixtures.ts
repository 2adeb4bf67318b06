// Shortcuts for tests of the BGP family: a circuit and a VBR written straight into the store, in the
// shape the physical-connection and VBR actions produce, so BGP rules can be tested one at a time
// (the end-to-end journey test builds them through the API instead).
import { newId } from '../../src/domain/ids.js';
import type { PhysicalConnectionData, VbrAssociation, VbrData } from '../../src/domain/model.js';
import type { ResourceRecord } from '../../src/store/record.js';
import { $Vpc, waitFor, type Harness, type VpcClient } from './harness.js';

export interface VbrFixture {
  accountId?: string;
  regionId?: string;
  accessDeviceId?: string;
  productType?: PhysicalConnectionData['ProductType'];
  status?: string;
  enableIpv6?: boolean;
  localGatewayIp?: string;
  peerGatewayIp?: string;
  associations?: VbrAssociation[];
}

/** The first access device of the first access point of a region in the default seed. */
export function defaultDevice(h: Harness, regionId = 'cn-hangzhou'): string {
  return h.config.seed.regions.find((r) => r.regionId === regionId)!.accessPoints[0].devices[0].deviceId;
}

export async function insertVbr(h: Harness, f: VbrFixture = {}): Promise<string> {
  const accountId = f.accountId ?? h.accountId;
  const regionId = f.regionId ?? 'cn-hangzhou';
  const now = Date.now();
  const region = h.config.seed.regions.find((r) => r.regionId === regionId)!;
  const pc: ResourceRecord<PhysicalConnectionData> = {
    id: newId('pc'),
    kind: 'PhysicalConnection',
    accountId,
    regionId,
    parentId: null,
    vbrId: null,
    status: 'Enabled',
    dueAt: null,
    data: {
      AccessPointId: region.accessPoints[0].accessPointId,
      Type: 'VPC',
      ProductType: f.productType ?? 'PhysicalConnection',
      LineOperator: 'CT',
      PortType: '10GBase-LR',
      OpticalModuleModel: '',
      Bandwidth: 10000,
      CircuitCode: '',
      PeerLocation: '',
      RedundantPhysicalConnectionId: '',
      Name: '',
      Description: '',
      ResourceGroupId: '',
      Tags: [],
      CreationTime: now,
      EnabledTime: now,
      BusinessStatus: 'Normal',
      accessDeviceId: f.accessDeviceId ?? defaultDevice(h, regionId),
      portNumber: '1/1/1',
    },
  };
  const vbrId = newId('vbr');
  const vbr: ResourceRecord<VbrData> = {
    id: vbrId,
    kind: 'VirtualBorderRouter',
    accountId,
    regionId,
    parentId: pc.id,
    vbrId,
    status: f.status ?? 'active',
    dueAt: null,
    data: {
      Name: 'fixture',
      Description: '',
      PhysicalConnectionId: pc.id,
      PhysicalConnectionOwnerUid: accountId,
      AccessPointId: pc.data.AccessPointId,
      VlanId: 10,
      VlanInterfaceId: newId('ri'),
      CircuitCode: '',
      Bandwidth: 1000,
      LocalGatewayIp: f.localGatewayIp ?? '192.0.2.1',
      PeerGatewayIp: f.peerGatewayIp ?? '192.0.2.2',
      PeeringSubnetMask: '255.255.255.252',
      EnableIpv6: f.enableIpv6 ?? false,
      LocalIpv6GatewayIp: f.enableIpv6 ? '2001:db8::1' : '',
      PeerIpv6GatewayIp: f.enableIpv6 ? '2001:db8::2' : '',
      PeeringIpv6SubnetMask: f.enableIpv6 ? '2001:db8::/126' : '',
      MinTxInterval: 300,
      MinRxInterval: 300,
      DetectMultiplier: 3,
      Mtu: 1500,
      SitelinkEnable: false,
      RouteTableId: newId('vtb'),
      ResourceGroupId: '',
      Tags: [],
      CreationTime: now,
      ActivationTime: now,
      TerminationTime: null,
      RecoveryTime: null,
      associations: f.associations ?? [],
    },
  };
  await h.vbrd.store.transaction([], async (tx) => {
    await tx.insert(pc);
    await tx.insert(vbr);
  });
  return vbrId;
}

/** Create a BGP group through the API and wait until it is Available. */
export async function availableGroup(
  client: VpcClient,
  vbrId: string,
  extra: Partial<$Vpc.CreateBgpGroupRequest> = {},
  regionId = 'cn-hangzhou',
): Promise<string> {
  const r = await client.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId, routerId: vbrId, peerAsn: 65001, ...extra }));
  const id = r.body!.bgpGroupId!;
  await waitFor(
    async () => {
      const g = await client.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId, bgpGroupId: id }));
      return g.body!.bgpGroups!.bgpGroup![0]?.status === 'Available';
    },
    5000,
    `group ${id} Available`,
  );
  return id;
}

export async function peerStatus(client: VpcClient, peerId: string, regionId = 'cn-hangzhou') {
  const r = await client.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId, bgpPeerId: peerId }));
  return r.body!.bgpPeers!.bgpPeer![0];
}
