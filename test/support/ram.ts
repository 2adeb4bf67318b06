// RAM helpers for tests: the official RAM SDK pointed at a harness, a one-call "user with a key and
// these policies", and a VBR written straight into the store (until the VBR actions exist).
import Ram from '@alicloud/ram20150501';
import * as $Ram from '@alicloud/ram20150501';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { newId } from '../../src/domain/ids.js';
import type { PhysicalConnectionData, VbrData } from '../../src/domain/model.js';
import type { ResourceRecord } from '../../src/store/record.js';
import type { Harness, VpcClient } from './harness.js';

export { $Ram };
export type RamClient = InstanceType<typeof Ram.default>;

const RamCtor = (Ram as unknown as { default: typeof Ram.default }).default ?? Ram;

export function ramClient(endpoint: string, accessKeyId: string, accessKeySecret: string, v1 = false): RamClient {
  return new RamCtor(new $OpenApiUtil.Config({
    endpoint, protocol: 'http', accessKeyId, accessKeySecret, ...(v1 ? { signatureAlgorithm: 'v2' } : {}),
  })) as RamClient;
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
export async function userWithPolicies(h: Harness, admin: RamClient, userName: string, documents: object[] = [], systemPolicies: string[] = []): Promise<RamUserKey> {
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
    userName, accessKeyId: k.accessKeyId!, accessKeySecret: k.accessKeySecret!,
    vpc: h.clientFor(k.accessKeyId!, k.accessKeySecret!), ram: ramClient(h.endpoint, k.accessKeyId!, k.accessKeySecret!),
  };
}

/** An active VBR (on its own Enabled circuit) of the given account, written straight into the store. */
export async function storeVbr(h: Harness, accountId = h.accountId, regionId = 'cn-hangzhou'): Promise<string> {
  const now = Date.now();
  const region = h.config.seed.regions.find((r) => r.regionId === regionId)!;
  const ap = region.accessPoints[0];
  const pc: ResourceRecord<PhysicalConnectionData> = {
    id: newId('pc'), kind: 'PhysicalConnection', accountId, regionId, parentId: null, vbrId: null, status: 'Enabled', dueAt: null,
    data: {
      AccessPointId: ap.accessPointId, Type: 'VPC', ProductType: 'PhysicalConnection', LineOperator: 'CT', PortType: '10GBase-LR',
      OpticalModuleModel: '', Bandwidth: 10000, CircuitCode: '', PeerLocation: '', RedundantPhysicalConnectionId: '', Name: '', Description: '',
      ResourceGroupId: '', Tags: [], CreationTime: now, EnabledTime: now, BusinessStatus: 'Normal',
      accessDeviceId: ap.devices[0].deviceId, portNumber: '1/1/1',
    },
  };
  const vbrId = newId('vbr');
  const vbr: ResourceRecord<VbrData> = {
    id: vbrId, kind: 'VirtualBorderRouter', accountId, regionId, parentId: pc.id, vbrId, status: 'active', dueAt: null,
    data: {
      Name: 'ram-test', Description: '', PhysicalConnectionId: pc.id, PhysicalConnectionOwnerUid: accountId, AccessPointId: ap.accessPointId,
      VlanId: 10, VlanInterfaceId: newId('ri'), CircuitCode: '', Bandwidth: 1000,
      LocalGatewayIp: '192.0.2.1', PeerGatewayIp: '192.0.2.2', PeeringSubnetMask: '255.255.255.252',
      EnableIpv6: false, LocalIpv6GatewayIp: '', PeerIpv6GatewayIp: '', PeeringIpv6SubnetMask: '', MinTxInterval: 300, MinRxInterval: 300,
      DetectMultiplier: 3, Mtu: 1500, SitelinkEnable: false, RouteTableId: newId('rtb'), ResourceGroupId: '', Tags: [],
      CreationTime: now, ActivationTime: now, TerminationTime: null, RecoveryTime: null, associations: [],
    },
  };
  await h.vbrd.store.transaction([], async (tx) => {
    await tx.insert(pc);
    await tx.insert(vbr);
  });
  return vbrId;
}
