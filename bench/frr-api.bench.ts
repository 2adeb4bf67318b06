// The FRR data plane measured through the API: for 1, 10 and 100 peers, the time from CreateBgpPeer (official
// SDK) to BgpStatus Established in DescribeBgpPeers, and what bgpd costs per peer. Each peer has its own VBR
// (its own namespace/VRF, VLAN 100+i on one circuit), as tenants would; one BIRD customer answers all of them.
// Setup (circuit, VBRs, groups, the customer's addresses) is outside the timed part.
//   sudo npm run bench -- frr [1 10 100]   (the peer counts to measure; BENCH_BFD=1 adds BFD)
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { frrAvailable } from '../src/speaker/frr/index.js';
import { readPidFile, residentBytes } from '../src/speaker/frr/process-info.js';
import { runCommand, tryCommand } from '../src/speaker/frr/run-command.js';
import { CustomerRouter, configureCustomerInterface } from '../src/lab/customer-router.js';
import { $Vpc, startHarness, waitFor, type Harness, type VpcClient } from '../test/support/harness.js';
import { enabledCircuit } from '../test/support/express-connect.js';

const REGION = 'cn-hangzhou';
const AP = 'ap-cn-hangzhou-bench';
const MAX = 128; // /30 link subnets in 192.0.2.0/24 + 198.51.100.0/24 (documentation ranges)
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length > 0 ? sizes : [1, 10, 100];
const bfd = process.env.BENCH_BFD === '1';

function link(i: number): { vbr: string; customer: string } {
  const base = i < 64 ? '192.0.2' : '198.51.100';
  const o = (i % 64) * 4;
  return { vbr: `${base}.${o + 1}`, customer: `${base}.${o + 2}` };
}

const mib = (b: number | null) => (b === null ? NaN : b / 1024 / 1024);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!;

async function allPeers(vpc: VpcClient): Promise<$Vpc.DescribeBgpPeersResponseBodyBgpPeersBgpPeer[]> {
  const out: $Vpc.DescribeBgpPeersResponseBodyBgpPeersBgpPeer[] = [];
  for (let page = 1; ; page++) {
    const r = (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION, pageNumber: page, pageSize: 50 }))).body!;
    out.push(...r.bgpPeers!.bgpPeer!);
    if (out.length >= (r.totalCount ?? 0) || r.bgpPeers!.bgpPeer!.length === 0) return out;
  }
}

async function run(n: number, tag: string, runDir: string): Promise<string> {
  const prefix = `vb${tag}${n}-`;
  const customerNs = `${prefix}cust`;
  const dir = `${runDir}/n${n}`;
  await mkdir(`${dir}/data`, { recursive: true });
  const seedFile = `${dir}/seed.json`;
  await writeFile(
    seedFile,
    JSON.stringify({
      regions: [
        {
          regionId: REGION,
          ipv6: true,
          accessPoints: [
            {
              accessPointId: AP,
              devices: [{ deviceId: 'asw-bench', bfdSessionLimit: 1000, ports: [{ portNumber: '1/1/1', farSideNamespace: customerNs }] }],
            },
          ],
        },
      ],
      quotas: { vbrsPerPhysicalConnection: MAX, bfdSessionsPerAccount: 1000 },
      timings: { physicalConnectionAllocateMs: 20, physicalConnectionTransitionMs: 20 },
    }),
  );
  const customer = new CustomerRouter({
    namespace: customerNs,
    stateDir: `${dir}/cust`,
    asn: 65001,
    routerId: '203.0.113.254',
    routes: ['203.0.113.0/24'],
    peerings: Array.from({ length: n }, (_, i) => ({
      name: `vbr${i}`,
      neighborIp: link(i).vbr,
      localIp: link(i).customer,
      neighborAsn: 45104,
      bfd,
      passive: true,
    })),
  });
  let h: Harness | null = null;
  try {
    await customer.start();
    h = await startHarness({
      dataDir: `${dir}/data`,
      args: ['--seed', seedFile, '--data-plane', 'frr', '--frr-run-dir', `${dir}/frr`, '--frr-namespace-prefix', prefix],
    });
    const { vpc } = h;
    const bgpdRss = async () => residentBytes((await readPidFile(`${dir}/frr/bgpd.pid`))!);
    const idle = await bgpdRss();
    await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: REGION }));
    const circuit = await enabledCircuit(vpc, { accessPointId: AP });
    const groups: string[] = [];
    for (let i = 0; i < n; i++) {
      const vbrId = (
        await vpc.createVirtualBorderRouter(
          new $Vpc.CreateVirtualBorderRouterRequest({
            regionId: REGION,
            physicalConnectionId: circuit,
            vlanId: 100 + i,
            localGatewayIp: link(i).vbr,
            peerGatewayIp: link(i).customer,
            peeringSubnetMask: '255.255.255.252',
          }),
        )
      ).body!.vbrId!;
      groups.push(
        (await vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId: vbrId, peerAsn: 65001 }))).body!.bgpGroupId!,
      );
    }
    await waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 200));
        let available = 0;
        for (let page = 1; page <= Math.ceil(n / 50); page++) {
          const g = (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, pageNumber: page, pageSize: 50 })))
            .body!;
          available += g.bgpGroups!.bgpGroup!.filter((x) => x.status === 'Available').length;
        }
        return available === n;
      },
      300_000,
      'groups Available',
    );
    // The customer's side of each VLAN (a real customer has it configured already).
    for (let i = 0; i < n; i++) await configureCustomerInterface(customerNs, `vlan${100 + i}`, [`${link(i).customer}/30`], 30_000);
    const withVrfs = await bgpdRss();

    // Timed: CreateBgpPeer for each, then DescribeBgpPeers until each is Established.
    const createdAt = new Map<string, number>();
    const upAt = new Map<string, number>();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const id = (
        await vpc.createBgpPeer(
          new $Vpc.CreateBgpPeerRequest({
            regionId: REGION,
            bgpGroupId: groups[i],
            peerIpAddress: link(i).customer,
            ...(bfd ? { enableBfd: true, bfdMultiHop: 1 } : {}),
          }),
        )
      ).body!.bgpPeerId!;
      createdAt.set(id, performance.now());
    }
    const created = performance.now() - t0;
    while (upAt.size < n && performance.now() - t0 < 180_000) {
      for (const p of await allPeers(vpc))
        if (p.bgpStatus === 'Established' && !upAt.has(p.bgpPeerId!)) upAt.set(p.bgpPeerId!, performance.now());
      await new Promise((r) => setTimeout(r, 100));
    }
    const allUp = performance.now() - t0;
    const latencies = [...upAt].map(([id, at]) => at - createdAt.get(id)!).sort((a, b) => a - b);
    const rss = await bgpdRss();
    return (
      `${String(n).padStart(4)} peers${bfd ? ' (BFD)' : ''}: ${upAt.size}/${n} Established; CreateBgpPeer → Established in DescribeBgpPeers ` +
      `min ${(latencies[0]! / 1000).toFixed(2)} s, median ${(pct(latencies, 0.5) / 1000).toFixed(2)} s, p90 ${(pct(latencies, 0.9) / 1000).toFixed(2)} s, ` +
      `max ${(latencies.at(-1)! / 1000).toFixed(2)} s; all ${n} created in ${(created / 1000).toFixed(2)} s, all up after ${(allUp / 1000).toFixed(2)} s; ` +
      `bgpd RSS ${mib(idle).toFixed(1)} MiB idle → ${mib(withVrfs).toFixed(1)} with ${n} VBRs → ${mib(rss).toFixed(1)} with ${n} peers ` +
      `(${(((mib(rss) - mib(idle)) * 1024) / n).toFixed(0)} KiB per VBR+peer, ${(((mib(rss) - mib(withVrfs)) * 1024) / n).toFixed(0)} KiB per peer alone)`
    );
  } finally {
    await h?.close();
    await customer.stop();
    const { stdout } = await runCommand('ip', ['-j', 'netns', 'list']);
    for (const { name } of JSON.parse(stdout || '[]') as { name: string }[])
      if (name.startsWith(prefix)) await tryCommand('ip', ['netns', 'del', name]);
  }
}

async function main(): Promise<void> {
  const pre = await frrAvailable({ needBird: true });
  if (!pre.ok) {
    console.error(`frr-api bench cannot run: ${pre.reason}`);
    process.exit(2);
  }
  if (counts.some((n) => n > MAX)) throw new Error(`at most ${MAX} peers (documentation address space)`);
  const tag = process.pid.toString(36);
  const runDir = `/tmp/vbrd-bench-${tag}`;
  const rows: string[] = [];
  try {
    for (const n of counts) {
      rows.push(await run(n, tag, runDir));
      console.log(rows.at(-1));
    }
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
  console.log('\nfrr-api summary (through the API, vbrd --data-plane frr, BIRD customer)');
  for (const r of rows) console.log(r);
}

await main();
