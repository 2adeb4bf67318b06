// RAM helpers for tests: the official RAM SDK pointed at a harness, a one-call "user with a key and
// these policies", and a VBR written straight into the store (until the VBR actions exist).
import Ram from '@alicloud/ram20150501';
import * as $Ram from '@alicloud/ram20150501';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { newId } from '../../src/domain/ids.js';
import type { PhysicalConnectionData, VbrData } from '../../src/domain/model.js';
import type { ResourceRecord } from '../../src/store/record.js';
import { $Vpc, waitFor, type Harness, type VpcClient } from './harness.js';

export { $Ram };
export type RamClient = InstanceType<typeof Ram.default>;

const RamCtor = (Ram as unknown as { default: typeof Ram.default }).default ?? Ram;

export function ramClient(endpoint: string, accessKeyId: string, accessKeySecret: string, v1 = false): RamClient {
  return new RamCtor(
    new $OpenApiUtil.Config({
      endpoint,
      protocol: 'http',
      accessKeyId,
      accessKeySecret,
      ...(v1 ? { signatureAlgorithm: 'v2' } : {}),
    }),
  ) as RamClient;
}

export interface RamUserKey {
  userName: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** VPC client signing with the user's key. */
  vpc: VpcClient;
  /** RAM client signing with the user's key. */
  ram: RamClient;
}

/** Create a user, a custom policy per document (named `${userName}-pN`), attach them and the named system policies, and a key. */
export async function userWithPolicies(
  h: Harness,
  admin: RamClient,
  userName: string,
  documents: object[] = [],
  systemPolicies: string[] = [],
): Promise<RamUserKey> {
  await admin.createUser(new $Ram.CreateUserRequest({ userName }));
  for (const [i, doc] of documents.entries()) {
    const policyName = `${userName.replace(/[^A-Za-z0-9-]/g, '-')}-p${i + 1}`;
    await admin.createPolicy(new $Ram.CreatePolicyRequest({ policyName, policyDocument: JSON.stringify(doc) }));
    await admin.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName, userName }));
  }
  for (const policyName of systemPolicies) {
    await admin.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName, userName }));
  }
  const k = (await admin.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName }))).body!.accessKey!;
  return {
    userName,
    accessKeyId: k.accessKeyId!,
    accessKeySecret: k.accessKeySecret!,
    vpc: h.clientFor(k.accessKeyId!, k.accessKeySecret!),
    ram: ramClient(h.endpoint, k.accessKeyId!, k.accessKeySecret!),
  };
}

/** An active VBR (on its own Enabled circuit) of the given account, written straight into the store. */
export async function storeVbr(h: Harness, accountId = h.accountId, regionId = 'cn-hangzhou'): Promise<string> {
  const now = Date.now();
  const region = h.config.seed.regions.find((r) => r.regionId === regionId)!;
  const ap = region.accessPoints[0];
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
      AccessPointId: ap.accessPointId,
      Type: 'VPC',
      ProductType: 'PhysicalConnection',
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
      accessDeviceId: ap.devices[0].deviceId,
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
    status: 'active',
    dueAt: null,
    data: {
      Name: 'ram-test',
      Description: '',
      PhysicalConnectionId: pc.id,
      PhysicalConnectionOwnerUid: accountId,
      AccessPointId: ap.accessPointId,
      VlanId: 10,
      VlanInterfaceId: newId('ri'),
      CircuitCode: '',
      Bandwidth: 1000,
      LocalGatewayIp: '192.0.2.1',
      PeerGatewayIp: '192.0.2.2',
      PeeringSubnetMask: '255.255.255.252',
      EnableIpv6: false,
      LocalIpv6GatewayIp: '',
      PeerIpv6GatewayIp: '',
      PeeringIpv6SubnetMask: '',
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
      associations: [],
    },
  };
  await h.vbrd.store.transaction([], async (tx) => {
    await tx.insert(pc);
    await tx.insert(vbr);
  });
  return vbrId;
}

/** Seed timings that make circuits and VBRs settle in tens of milliseconds. */
export const FAST_TIMINGS = { physicalConnectionAllocateMs: 20, physicalConnectionTransitionMs: 20, vbrTransitionMs: 20 };

/** Through the API as the given account's root: open the service, an Enabled circuit, and `count` active VBRs on it. */
export async function apiVbrs(vpc: VpcClient, count: number, regionId = 'cn-hangzhou'): Promise<{ circuitId: string; vbrIds: string[] }> {
  await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId })).catch((e: { code?: string }) => {
    if (e.code !== 'InvalidOperation.OrderOpened') throw e;
  });
  const circuitStatus = async (id: string) =>
    (
      await vpc.describePhysicalConnections(
        new $Vpc.DescribePhysicalConnectionsRequest({
          regionId,
          filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
        }),
      )
    ).body?.physicalConnectionSet?.physicalConnectionType?.[0]?.status;
  const ap = 'ap-cn-hangzhou-yh-B';
  const circuitId = (
    await vpc.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({
        regionId,
        accessPointId: ap,
        lineOperator: 'CT',
        portType: '10GBase-LR',
      }),
    )
  ).body!.physicalConnectionId!;
  await waitFor(async () => (await circuitStatus(circuitId)) === 'Allocated', 5000, 'circuit Allocated');
  await vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId, physicalConnectionId: circuitId }));
  await vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId, physicalConnectionId: circuitId }));
  await waitFor(async () => (await circuitStatus(circuitId)) === 'Enabled', 5000, 'circuit Enabled');
  const vbrIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = (
      await vpc.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId,
          physicalConnectionId: circuitId,
          vlanId: 100 + i,
          localGatewayIp: `10.0.${i}.1`,
          peerGatewayIp: `10.0.${i}.2`,
          peeringSubnetMask: '255.255.255.252',
        }),
      )
    ).body!.vbrId!;
    await waitFor(
      async () =>
        (
          await vpc.describeVirtualBorderRouters(
            new $Vpc.DescribeVirtualBorderRoutersRequest({
              regionId,
              filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [id] })],
            }),
          )
        ).body?.virtualBorderRouterSet?.virtualBorderRouterType?.[0]?.status === 'active',
      5000,
      `VBR ${id} active`,
    );
    vbrIds.push(id);
  }
  return { circuitId, vbrIds };
}
