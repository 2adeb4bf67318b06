// The real BGP lab walkthrough with the official VPC SDK: the VBR's sessions are real (FRR), the customer
// is BIRD in the lab's namespace.
//
//   sudo vbrd lab up                                              # the customer side + /tmp/vbrd-lab/seed.yaml
//   sudo vbrd serve --data-plane frr --seed /tmp/vbrd-lab/seed.yaml   # in one terminal
//   node dist/examples/lab.js                                     # in another
//   sudo vbrd lab down
//
// Builds circuit → VBR (the lab circuit's VLAN and addresses, IPv4 and IPv6) → an IPv4 and an IPv6 BGP group
// → one BFD-enabled peer in each → advertises 203.0.113.0/24, then prints DescribeBgpPeers until both
// sessions are Established and count the customer's routes. Environment: VBRD_ENDPOINT (host:port, default
// 127.0.0.1:8080), VBRD_ACCESS_KEY_ID / VBRD_ACCESS_KEY_SECRET (default: the development credentials).
import { pathToFileURL } from 'node:url';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { DEV_ROOT } from '../src/config/server-config.js';
import { defaultLabCircuits, type LabCircuit } from '../src/lab/lab.js';
import { LAB_ACCESS_POINT, LAB_REGION } from '../src/lab/lab-seed.js';

const VpcCtor = (Vpc as unknown as { default: typeof Vpc.default }).default ?? Vpc;
const REGION = LAB_REGION;

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface LabWalkthroughResult {
  physicalConnectionId: string;
  vbrId: string;
  bgpPeerIds: { ipv4: string; ipv6: string };
  receivedRouteCounts: { ipv4: number; ipv6: number };
}

export async function labWalkthrough(
  endpoint: string,
  accessKeyId: string,
  accessKeySecret: string,
  log: (line: string) => void = console.log,
  circuit: LabCircuit = defaultLabCircuits()[0]!,
): Promise<LabWalkthroughResult> {
  const vpc = new VpcCtor(new $OpenApiUtil.Config({ endpoint, accessKeyId, accessKeySecret, protocol: 'http', regionId: REGION }));

  // 1. The service switch and the lab circuit (its port's far side is the customer's namespace).
  const service = await vpc.getPhysicalConnectionServiceStatus(new $Vpc.GetPhysicalConnectionServiceStatusRequest({ regionId: REGION }));
  if (!service.body?.enabled) await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: REGION }));
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
        accessPointId: LAB_ACCESS_POINT,
        lineOperator: 'CT',
        portType: '1000Base-T',
        name: 'lab',
      }),
    )
  ).body!.physicalConnectionId!;
  await until('Allocated', async () => (await circuitStatus(physicalConnectionId)) === 'Allocated');
  await vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: REGION, physicalConnectionId }));
  await vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: REGION, physicalConnectionId }));
  await until('Enabled', async () => (await circuitStatus(physicalConnectionId)) === 'Enabled');
  log(`physical connection ${physicalConnectionId} is Enabled`);

  // 2. The VBR on the lab circuit's VLAN, with the addresses the customer router expects.
  const v6Subnet = `${circuit.customerIpv6.replace(/::2$/, '::')}/${circuit.prefixLengthV6}`;
  const vbrId = (
    await vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: REGION,
        physicalConnectionId,
        vlanId: circuit.vlanId,
        name: 'lab',
        localGatewayIp: circuit.vbrIp,
        peerGatewayIp: circuit.customerIp,
        peeringSubnetMask: '255.255.255.252',
        enableIpv6: true,
        localIpv6GatewayIp: circuit.vbrIpv6,
        peerIpv6GatewayIp: circuit.customerIpv6,
        peeringIpv6SubnetMask: v6Subnet,
      }),
    )
  ).body!.vbrId!;
  log(`created virtual border router ${vbrId} (VLAN ${circuit.vlanId}, ${circuit.vbrIp} ↔ ${circuit.customerIp})`);

  // 3. One BGP group per address family (the customer's ASN), one BFD peer in each.
  const groupFor = async (ipVersion: 'IPv4' | 'IPv6') => {
    const bgpGroupId = (
      await vpc.createBgpGroup(
        new $Vpc.CreateBgpGroupRequest({
          regionId: REGION,
          routerId: vbrId,
          peerAsn: circuit.customerAsn,
          ipVersion,
          name: `lab-${ipVersion}`,
          ...(circuit.authKey ? { authKey: circuit.authKey } : {}),
        }),
      )
    ).body!.bgpGroupId!;
    await until(
      `${ipVersion} group Available`,
      async () =>
        (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, bgpGroupId }))).body!.bgpGroups!.bgpGroup![0]
          ?.status === 'Available',
    );
    return bgpGroupId;
  };
  const peerIn = async (bgpGroupId: string, peerIpAddress: string) =>
    (
      await vpc.createBgpPeer(
        new $Vpc.CreateBgpPeerRequest({
          regionId: REGION,
          bgpGroupId,
          peerIpAddress,
          enableBfd: circuit.bfd,
          ...(circuit.bfd ? { bfdMultiHop: 1 } : {}),
        }),
      )
    ).body!.bgpPeerId!;
  const ipv4 = await peerIn(await groupFor('IPv4'), circuit.customerIp);
  const ipv6 = await peerIn(await groupFor('IPv6'), circuit.customerIpv6);
  log(`created BGP peers ${ipv4} (${circuit.customerIp}) and ${ipv6} (${circuit.customerIpv6})`);

  // 4. A prefix the VBR advertises to the customer.
  await vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: REGION, routerId: vbrId, dstCidrBlock: '203.0.113.0/24' }));
  log('advertising 203.0.113.0/24');

  // 5. Watch both sessions come up and count the customer's routes.
  const counts = await until("both sessions Established with the customer's routes", async () => {
    const peers = (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION, routerId: vbrId }))).body!.bgpPeers!
      .bgpPeer!;
    for (const p of peers) {
      log(
        `DescribeBgpPeers: ${p.bgpPeerId} ${p.peerIpAddress} Status=${p.status} BgpStatus=${p.bgpStatus} ` +
          `ReceivedRouteCount=${p.receivedRouteCount} AdvertisedRouteCount=${p.advertisedRouteCount}`,
      );
    }
    const up = (id: string) => peers.find((p) => p.bgpPeerId === id && p.bgpStatus === 'Established' && (p.receivedRouteCount ?? 0) > 0);
    const v4 = up(ipv4);
    const v6 = up(ipv6);
    return v4 && v6 ? { ipv4: v4.receivedRouteCount!, ipv6: v6.receivedRouteCount! } : undefined;
  });
  log('both BGP sessions are Established');
  return { physicalConnectionId, vbrId, bgpPeerIds: { ipv4, ipv6 }, receivedRouteCounts: counts };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const endpoint = process.env.VBRD_ENDPOINT ?? '127.0.0.1:8080';
  labWalkthrough(
    endpoint,
    process.env.VBRD_ACCESS_KEY_ID ?? DEV_ROOT.accessKeyId,
    process.env.VBRD_ACCESS_KEY_SECRET ?? DEV_ROOT.accessKeySecret,
  ).catch((e: Error & { code?: string }) => {
    console.error(`lab walkthrough failed: ${e.code ? `${e.code}: ` : ''}${e.message}`);
    process.exitCode = 1;
  });
}
