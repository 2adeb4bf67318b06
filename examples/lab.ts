// The real BGP lab walkthrough with the official VPC SDK: the VBR's sessions are real (FRR), the customer
// is BIRD in the lab's namespace.
//
//   sudo vbrd lab up                                              # the customer side + /tmp/vbrd-lab/seed.yaml
//   sudo vbrd serve --data-plane frr --seed /tmp/vbrd-lab/seed.yaml   # in one terminal
//   node dist/examples/lab.js                                     # in another
//   node dist/examples/lab.js --cleanup                           # deletes what it made, in order
//   sudo vbrd lab down
//
// Builds circuit → VBR (the lab circuit's VLAN and addresses, IPv4 and IPv6) → an IPv4 and an IPv6 BGP group
// → one BFD-enabled peer in each → advertises 203.0.113.0/24, then prints DescribeBgpPeers until both
// sessions are Established and count the customer's routes. The lab has one port per circuit: a second run
// while the first one's circuit still holds it stops at once and says to run --cleanup first. --cleanup
// deletes, in the order the API requires, everything on the lab's access point: networks and peers, then
// groups, then VBRs, then the circuits (terminated first). Environment: VBRD_ENDPOINT (host:port, default
// 127.0.0.1:8080), VBRD_ACCESS_KEY_ID / VBRD_ACCESS_KEY_SECRET (default: the development credentials).
import { pathToFileURL } from 'node:url';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { DEV_ROOT } from '../src/config/server-config.js';
import { RELEASED } from '../src/domain/physical-connection.js';
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

type VpcClient = InstanceType<typeof Vpc.default>;

function client(endpoint: string, accessKeyId: string, accessKeySecret: string): VpcClient {
  return new VpcCtor(new $OpenApiUtil.Config({ endpoint, accessKeyId, accessKeySecret, protocol: 'http', regionId: REGION }));
}

/** What stops a second run: the lab's only port is held. The message says what to do. */
export class LabPortHeldError extends Error {
  override name = 'LabPortHeldError';
}

async function circuitStatus(vpc: VpcClient, id: string): Promise<string | undefined> {
  const r = await vpc.describePhysicalConnections(
    new $Vpc.DescribePhysicalConnectionsRequest({
      regionId: REGION,
      filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
    }),
  );
  return r.body!.physicalConnectionSet!.physicalConnectionType![0]?.status;
}

/** The caller's circuits on the lab's access point (every status), oldest first. */
async function labCircuits(vpc: VpcClient): Promise<{ id: string; status: string }[]> {
  const out: { id: string; status: string }[] = [];
  for (let page = 1; ; page++) {
    const r = await vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: REGION,
        pageNumber: page,
        pageSize: 50,
        filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'AccessPointId', value: [LAB_ACCESS_POINT] })],
      }),
    );
    const items = r.body!.physicalConnectionSet!.physicalConnectionType ?? [];
    for (const c of items) out.push({ id: c.physicalConnectionId!, status: c.status! });
    if (items.length < 50) return out;
  }
}

const holdsPort = (status: string) => !(RELEASED as readonly string[]).includes(status);

export async function labWalkthrough(
  endpoint: string,
  accessKeyId: string,
  accessKeySecret: string,
  log: (line: string) => void = console.log,
  circuit: LabCircuit = defaultLabCircuits()[0]!,
): Promise<LabWalkthroughResult> {
  const vpc = client(endpoint, accessKeyId, accessKeySecret);

  // 1. The service switch and the lab circuit (its port's far side is the customer's namespace).
  const service = await vpc.getPhysicalConnectionServiceStatus(new $Vpc.GetPhysicalConnectionServiceStatusRequest({ regionId: REGION }));
  if (!service.body?.enabled) await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: REGION }));
  const earlier = (await labCircuits(vpc)).filter((c) => holdsPort(c.status));
  if (earlier.length > 0) {
    throw new LabPortHeldError(
      `the lab's port is still held by ${earlier.map((c) => `${c.id} (${c.status})`).join(', ')} from an earlier run. ` +
        'Delete what it made, in order, with: node dist/examples/lab.js --cleanup (then run this again)',
    );
  }
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
  await until('Allocated', async () => (await circuitStatus(vpc, physicalConnectionId)) === 'Allocated');
  await vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: REGION, physicalConnectionId }));
  await vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: REGION, physicalConnectionId }));
  await until('Enabled', async () => (await circuitStatus(vpc, physicalConnectionId)) === 'Enabled');
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

/** Runs a delete, again while the API answers that the resource is still being applied (it settles by itself). */
async function whenAllowed(what: string, del: () => Promise<unknown>): Promise<void> {
  await until(what, async () => {
    try {
      await del();
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === 'InvalidStatus.CannotOperate') return false;
      throw e;
    }
  });
}

export interface LabCleanupResult {
  networks: number;
  peers: number;
  groups: number;
  vbrs: number;
  circuits: number;
}

/**
 * Deletes everything on the lab's access point, in the order the API requires: each VBR's networks and peers
 * (waiting until they are gone), its groups, the VBR, then the circuit (terminated first when Enabled). Needs
 * nothing of the customer's side: vbrd completes these deletions also after `vbrd lab down`.
 */
export async function labCleanup(
  endpoint: string,
  accessKeyId: string,
  accessKeySecret: string,
  log: (line: string) => void = console.log,
): Promise<LabCleanupResult> {
  const vpc = client(endpoint, accessKeyId, accessKeySecret);
  const done: LabCleanupResult = { networks: 0, peers: 0, groups: 0, vbrs: 0, circuits: 0 };
  for (const c of await labCircuits(vpc)) {
    const vbrs =
      (
        await vpc.describeVirtualBorderRouters(
          new $Vpc.DescribeVirtualBorderRoutersRequest({
            regionId: REGION,
            pageSize: 50,
            filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'PhysicalConnectionId', value: [c.id] })],
          }),
        )
      ).body!.virtualBorderRouterSet!.virtualBorderRouterType ?? [];
    for (const v of vbrs) {
      const routerId = v.vbrId!;
      const networks = async () =>
        (await vpc.describeBgpNetworks(new $Vpc.DescribeBgpNetworksRequest({ regionId: REGION, routerId, pageSize: 50 }))).body!
          .bgpNetworks!.bgpNetwork ?? [];
      const peers = async () =>
        (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION, routerId, pageSize: 50 }))).body!.bgpPeers!
          .bgpPeer ?? [];
      const groups = async () =>
        (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, routerId, pageSize: 50 }))).body!.bgpGroups!
          .bgpGroup ?? [];
      for (const n of await networks()) {
        if (n.status === 'Deleting') continue;
        await whenAllowed(`delete ${n.dstCidrBlock}`, () =>
          vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: REGION, routerId, dstCidrBlock: n.dstCidrBlock! })),
        );
        done.networks++;
      }
      for (const p of await peers()) {
        if (p.status === 'Deleting') continue;
        await whenAllowed(`delete ${p.bgpPeerId}`, () =>
          vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: REGION, bgpPeerId: p.bgpPeerId! })),
        );
        done.peers++;
      }
      await until(`the peers and networks of ${routerId} gone`, async () => (await peers()).length + (await networks()).length === 0);
      for (const g of await groups()) {
        if (g.status === 'Deleting') continue;
        await whenAllowed(`delete ${g.bgpGroupId}`, () =>
          vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: REGION, bgpGroupId: g.bgpGroupId! })),
        );
        done.groups++;
      }
      await until(`the groups of ${routerId} gone`, async () => (await groups()).length === 0);
      await vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId: routerId }));
      done.vbrs++;
      log(`deleted virtual border router ${routerId} with its BGP groups, peers and networks`);
    }
    await until(`the VBRs on ${c.id} gone`, async () => {
      const r = await vpc.describeVirtualBorderRouters(
        new $Vpc.DescribeVirtualBorderRoutersRequest({
          regionId: REGION,
          filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'PhysicalConnectionId', value: [c.id] })],
        }),
      );
      return (r.body!.virtualBorderRouterSet!.virtualBorderRouterType ?? []).length === 0;
    });
    if (c.status === 'Enabled') {
      await vpc.terminatePhysicalConnection(new $Vpc.TerminatePhysicalConnectionRequest({ regionId: REGION, physicalConnectionId: c.id }));
    } else if (['Initial', 'Approved', 'Allocating', 'Confirmed'].includes(c.status)) {
      await vpc.cancelPhysicalConnection(new $Vpc.CancelPhysicalConnectionRequest({ regionId: REGION, physicalConnectionId: c.id }));
    }
    // Terminating and the like settle by themselves; then a released (or merely Allocated) circuit is deleted.
    const status = await until(`${c.id} deletable`, async () => {
      const now = await circuitStatus(vpc, c.id);
      return now === undefined ? 'gone' : now === 'Allocated' || !holdsPort(now) ? now : undefined;
    });
    if (status !== 'gone') {
      await vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: REGION, physicalConnectionId: c.id }));
    }
    done.circuits++;
    log(`deleted physical connection ${c.id}`);
  }
  log(
    done.circuits === 0
      ? 'nothing of the lab walkthrough was left to delete'
      : "the lab walkthrough's resources are deleted; stop vbrd, then run: sudo vbrd lab down",
  );
  return done;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const endpoint = process.env.VBRD_ENDPOINT ?? '127.0.0.1:8080';
  const keys = [
    process.env.VBRD_ACCESS_KEY_ID ?? DEV_ROOT.accessKeyId,
    process.env.VBRD_ACCESS_KEY_SECRET ?? DEV_ROOT.accessKeySecret,
  ] as const;
  const cleanup = process.argv.includes('--cleanup');
  (cleanup ? labCleanup(endpoint, ...keys) : labWalkthrough(endpoint, ...keys)).catch((e: Error & { code?: string }) => {
    console.error(`lab ${cleanup ? 'cleanup' : 'walkthrough'} failed: ${e.code ? `${e.code}: ` : ''}${e.message}`);
    process.exitCode = 1;
  });
}
