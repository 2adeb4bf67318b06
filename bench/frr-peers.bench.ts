// How long from applyVbr to Established for 1, 10 and 100 peers (N VBRs × 1 peer, each VBR its own
// namespace/VRF on its own VLAN of one circuit), and what bgpd costs per peer (RSS from /proc).
// Run on demand, as root with FRR and BIRD:  sudo npm run bench -- frr-peers [1 10 100]
// BENCH_BFD=1 turns BFD on for every peer.
import { rm } from 'node:fs/promises';
import { createFrrSpeaker, frrAvailable } from '../src/speaker/frr/index.js';
import { residentBytes } from '../src/speaker/frr/process-info.js';
import { CustomerRouter, configureCustomerInterface, type CustomerPeering } from '../src/lab/customer-router.js';
import type { DesiredVbr } from '../src/speaker/speaker.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length > 0 ? sizes : [1, 10, 100];
const bfd = process.env.BENCH_BFD === '1';
const MAX = 128; // /30 link subnets available in 192.0.2.0/24 + 198.51.100.0/24 (documentation ranges)

/** Link subnet i: VBR .1 / customer .2 of the i-th /30. */
function link(i: number): { vbr: string; customer: string } {
  const base = i < 64 ? '192.0.2' : '198.51.100';
  const o = (i % 64) * 4;
  return { vbr: `${base}.${o + 1}`, customer: `${base}.${o + 2}` };
}

function desired(i: number, farSide: string): DesiredVbr {
  const l = link(i);
  return {
    vbrId: `vbr-bench${i}`,
    accountId: `acct${i}`,
    regionId: 'cn-bench',
    physicalConnectionId: 'pc-bench',
    farSideNamespace: farSide,
    vlanId: 100 + i,
    localGatewayIp: l.vbr,
    peerGatewayIp: l.customer,
    peeringSubnetMask: '255.255.255.252',
    enableIpv6: false,
    localIpv6GatewayIp: '',
    peerIpv6GatewayIp: '',
    peeringIpv6SubnetMask: '',
    minTxInterval: 300,
    minRxInterval: 300,
    detectMultiplier: 3,
    groups: [
      {
        bgpGroupId: `bgpg-${i}`,
        localAsn: 45104,
        peerAsn: 65001,
        authKey: '',
        routeLimit: 110,
        isFakeAsn: false,
        ipVersion: 'IPv4',
        peers: [{ bgpPeerId: `bgp-${i}`, peerIp: l.customer, ipVersion: 'IPv4', enableBfd: bfd, bfdMultiHop: 1 }],
      },
    ],
    networks: ['203.0.113.0/24'],
  };
}

const mib = (b: number | null) => (b === null ? NaN : b / 1024 / 1024);

async function main(): Promise<void> {
  const pre = await frrAvailable({ needBird: true });
  if (!pre.ok) {
    console.error(`frr-peers bench cannot run: ${pre.reason}`);
    process.exit(2);
  }
  if (counts.some((n) => n > MAX)) throw new Error(`at most ${MAX} peers (documentation address space)`);
  const tag = process.pid.toString(36);
  const runDir = `/tmp/vbrd-bench-${tag}`;
  const speaker = await createFrrSpeaker({ runDir: `${runDir}/frr`, namespacePrefix: `vb${tag}-` });
  const customerNs = `vb${tag}-cust`;
  const rows: string[] = [];
  try {
    for (const n of counts) {
      const baseline = await residentBytes(speaker.supervisor.pidOf('bgpd')!);
      const peerings: CustomerPeering[] = Array.from({ length: n }, (_, i) => ({
        name: `vbr${i}`,
        neighborIp: link(i).vbr,
        localIp: link(i).customer,
        neighborAsn: 45104,
        bfd,
      }));
      const customer = new CustomerRouter({
        namespace: customerNs,
        stateDir: `${runDir}/cust-${n}`,
        asn: 65001,
        routerId: '198.51.100.254',
        routes: ['198.51.100.0/24'],
        peerings,
      });
      await customer.start();
      try {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) {
          await speaker.applyVbr(desired(i, customerNs));
          // The customer's side of its VLAN interface (a real customer has it configured already).
          await configureCustomerInterface(customerNs, `vlan${100 + i}`, [`${link(i).customer}/30`]);
        }
        const applied = performance.now() - t0;
        let up = 0;
        let firstUp = NaN;
        for (;;) {
          const obs = await speaker.observe();
          up = [...obs.values()]
            .flatMap((g) => [...g.values()])
            .filter((o) => o.bgpStatus === 'Established' && (!bfd || o.bfdStatus === 'Up')).length;
          if (up > 0 && Number.isNaN(firstUp)) firstUp = performance.now() - t0;
          if (up === n || performance.now() - t0 > 120_000) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const allUp = performance.now() - t0;
        const rss = await residentBytes(speaker.supervisor.pidOf('bgpd')!);
        const bfddRss = await residentBytes(speaker.supervisor.pidOf('bfdd')!);
        rows.push(
          `${String(n).padStart(4)} peers${bfd ? ' (BFD)' : ''}: applied in ${(applied / 1000).toFixed(2)} s (${(applied / n).toFixed(0)} ms/VBR), ` +
            `first Established ${(firstUp / 1000).toFixed(2)} s, ${up}/${n} Established after ${(allUp / 1000).toFixed(2)} s; ` +
            `bgpd RSS ${mib(rss).toFixed(1)} MiB (${(((mib(rss) - mib(baseline)) * 1024) / n).toFixed(0)} KiB/peer over ${mib(baseline).toFixed(1)} MiB idle), bfdd ${mib(bfddRss).toFixed(1)} MiB`,
        );
        console.log(rows.at(-1));
      } finally {
        for (let i = 0; i < n; i++) await speaker.removeVbr(`vbr-bench${i}`);
        await customer.stop();
        await rm(`${runDir}/cust-${n}`, { recursive: true, force: true });
      }
    }
  } finally {
    await speaker.close();
    await rm(runDir, { recursive: true, force: true });
  }
  console.log('\nfrr-peers summary');
  for (const r of rows) console.log(r);
}

await main();
