// Shortcuts for the circuit and VBR tests: a fast-lifecycle harness with a second account, and the
// API journey up to an Enabled circuit, all through the official SDK.
import * as $dara from '@darabonba/typescript';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { $Vpc, startHarness, waitFor, type Harness, type VpcClient } from './harness.js';

export const TENANT = { accountId: '1000000000000002', accessKeyId: 'LTAItenantKey0002', accessKeySecret: 'tenant-secret-0002' };

export function startFastHarness(quotas: Record<string, number> = {}, timings: Record<string, number> = {}): Promise<Harness> {
  return startHarness({
    seed: {
      accounts: [
        { accountId: TENANT.accountId, accessKeys: [{ accessKeyId: TENANT.accessKeyId, accessKeySecret: TENANT.accessKeySecret }] },
      ],
      timings: { physicalConnectionAllocateMs: 30, physicalConnectionTransitionMs: 30, vbrTransitionMs: 30, ...timings },
      quotas,
    },
  });
}

export function tenantClient(h: Harness): VpcClient {
  return h.clientFor(TENANT.accessKeyId, TENANT.accessKeySecret);
}

export async function openService(vpc: VpcClient, regionId = 'cn-hangzhou'): Promise<void> {
  await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId }));
}

export async function circuitStatus(vpc: VpcClient, id: string, regionId = 'cn-hangzhou'): Promise<string | undefined> {
  const r = await vpc.describePhysicalConnections(
    new $Vpc.DescribePhysicalConnectionsRequest({
      regionId,
      filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
    }),
  );
  return r.body?.physicalConnectionSet?.physicalConnectionType?.[0]?.status;
}

export async function createCircuit(
  vpc: VpcClient,
  opts: { regionId?: string; accessPointId?: string; portType?: string } = {},
): Promise<string> {
  const r = await vpc.createPhysicalConnection(
    new $Vpc.CreatePhysicalConnectionRequest({
      regionId: opts.regionId ?? 'cn-hangzhou',
      accessPointId: opts.accessPointId ?? 'ap-cn-hangzhou-yh-B',
      lineOperator: 'CT',
      portType: opts.portType ?? '10GBase-LR',
    }),
  );
  return r.body!.physicalConnectionId!;
}

/** Create → Allocated → Confirmed → Enabled, waiting on each asynchronous step as Terraform does. */
export async function enabledCircuit(vpc: VpcClient, opts: { regionId?: string; accessPointId?: string } = {}): Promise<string> {
  const regionId = opts.regionId ?? 'cn-hangzhou';
  const id = await createCircuit(vpc, opts);
  await waitFor(async () => (await circuitStatus(vpc, id, regionId)) === 'Allocated', 5000, 'Allocated');
  await vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId, physicalConnectionId: id }));
  await vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId, physicalConnectionId: id }));
  await waitFor(async () => (await circuitStatus(vpc, id, regionId)) === 'Enabled', 5000, 'Enabled');
  return id;
}

export async function createVbr(vpc: VpcClient, circuitId: string, vlanId: number, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await vpc.createVirtualBorderRouter(
    new $Vpc.CreateVirtualBorderRouterRequest({
      regionId: 'cn-hangzhou',
      physicalConnectionId: circuitId,
      vlanId,
      localGatewayIp: '10.0.0.1',
      peerGatewayIp: '10.0.0.2',
      peeringSubnetMask: '255.255.255.252',
      ...extra,
    }),
  );
  return r.body!.vbrId!;
}

export async function vbrStatus(vpc: VpcClient, id: string): Promise<string | undefined> {
  const r = await vpc.describeVirtualBorderRouters(
    new $Vpc.DescribeVirtualBorderRoutersRequest({
      regionId: 'cn-hangzhou',
      filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [id] })],
    }),
  );
  return r.body?.virtualBorderRouterSet?.virtualBorderRouterType?.[0]?.status;
}

/** Raw wire JSON through the SDK's generic call (no model cast, plain JSON.parse), to check the JSON type of each field. */
export async function raw(h: Harness, action: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) query[k] = String(v);
  const res = await h.vpc.callApi(
    new $OpenApiUtil.Params({
      action,
      version: '2016-04-28',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({ query }),
    new $dara.RuntimeOptions({}),
  );
  return res.body as Record<string, unknown>;
}
