// Quickstart: create a BGP peer on vbrd with Alibaba Cloud's official VPC SDK.
//
//   npm start                              # in one terminal: vbrd on 127.0.0.1:8080
//   node dist/examples/quickstart.js       # in another
//
// Walks the Express Connect journey: open the service → circuit (waits Allocated) → confirm → enable
// (waits Enabled) → virtual border router → BGP group (waits Available) → BGP peer, then prints
// DescribeBgpPeers until the session is Established. Environment: VBRD_ENDPOINT (host:port, default
// 127.0.0.1:8080), VBRD_ACCESS_KEY_ID / VBRD_ACCESS_KEY_SECRET (default: the development credentials
// vbrd prints at start-up when listening on loopback).
import { pathToFileURL } from 'node:url';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { DEV_ROOT } from '../src/config/server-config.js';

const REGION = 'cn-hangzhou';
const VpcCtor = (Vpc as unknown as { default: typeof Vpc.default }).default ?? Vpc;

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface QuickstartResult {
  physicalConnectionId: string;
  vbrId: string;
  bgpGroupId: string;
  bgpPeerId: string;
}

export async function quickstart(
  endpoint: string,
  accessKeyId: string,
  accessKeySecret: string,
  log: (line: string) => void = console.log,
): Promise<QuickstartResult> {
  const vpc = new VpcCtor(new $OpenApiUtil.Config({ endpoint, accessKeyId, accessKeySecret, protocol: 'http', regionId: REGION }));

  // 1. The service switch (once per account) and an access point to build at.
  const service = await vpc.getPhysicalConnectionServiceStatus(new $Vpc.GetPhysicalConnectionServiceStatusRequest({ regionId: REGION }));
  if (!service.body?.enabled) {
    await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: REGION }));
    log('opened the physical connection service');
  }
  const aps = await vpc.describeAccessPoints(new $Vpc.DescribeAccessPointsRequest({ regionId: REGION }));
  const accessPointId = aps.body!.accessPointSet!.accessPointType![0].accessPointId!;

  // 2. A circuit: it is Allocated by the operator, you confirm it and enable it.
  const circuitStatus = async (id: string) =>
    (
      await vpc.describePhysicalConnections(
        new $Vpc.DescribePhysicalConnectionsRequest({
          regionId: REGION,
          filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
        }),
      )
    ).body!.physicalConnectionSet!.physicalConnectionType![0]?.status;
  const physicalConnectionId = (
    await vpc.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({
        regionId: REGION,
        accessPointId,
        lineOperator: 'CT',
        portType: '10GBase-LR',
        name: 'quickstart',
      }),
    )
  ).body!.physicalConnectionId!;
  log(`created physical connection ${physicalConnectionId} at ${accessPointId}`);
  await until('Allocated', async () => (await circuitStatus(physicalConnectionId)) === 'Allocated');
  await vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: REGION, physicalConnectionId }));
  await vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: REGION, physicalConnectionId }));
  await until('Enabled', async () => (await circuitStatus(physicalConnectionId)) === 'Enabled');
  log(`physical connection ${physicalConnectionId} is Enabled`);

  // 3. A virtual border router on the circuit.
  const vbrId = (
    await vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: REGION,
        physicalConnectionId,
        vlanId: 100,
        name: 'quickstart',
        localGatewayIp: '10.0.0.1',
        peerGatewayIp: '10.0.0.2',
        peeringSubnetMask: '255.255.255.252',
      }),
    )
  ).body!.vbrId!;
  log(`created virtual border router ${vbrId}`);

  // 4. A BGP group (your side's ASN) and a BGP peer in it.
  const bgpGroupId = (
    await vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId: vbrId, peerAsn: 65001, name: 'quickstart' }))
  ).body!.bgpGroupId!;
  await until(
    'group Available',
    async () =>
      (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, bgpGroupId }))).body!.bgpGroups!.bgpGroup![0]
        ?.status === 'Available',
  );
  log(`BGP group ${bgpGroupId} is Available`);
  const bgpPeerId = (await vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: REGION, bgpGroupId, peerIpAddress: '10.0.0.2' })))
    .body!.bgpPeerId!;
  log(`created BGP peer ${bgpPeerId}`);

  // 5. Watch it come up.
  await until('Established', async () => {
    const p = (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION, bgpPeerId }))).body!.bgpPeers!.bgpPeer![0];
    log(`DescribeBgpPeers: ${p.bgpPeerId} Status=${p.status} BgpStatus=${p.bgpStatus} PeerIp=${p.peerIpAddress} PeerAsn=${p.peerAsn}`);
    return p.bgpStatus === 'Established';
  });
  log('the BGP session is Established');
  return { physicalConnectionId, vbrId, bgpGroupId, bgpPeerId };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const endpoint = process.env.VBRD_ENDPOINT ?? '127.0.0.1:8080';
  quickstart(
    endpoint,
    process.env.VBRD_ACCESS_KEY_ID ?? DEV_ROOT.accessKeyId,
    process.env.VBRD_ACCESS_KEY_SECRET ?? DEV_ROOT.accessKeySecret,
  ).catch((e: Error & { code?: string }) => {
    console.error(`quickstart failed: ${e.code ? `${e.code}: ` : ''}${e.message}`);
    process.exitCode = 1;
  });
}
