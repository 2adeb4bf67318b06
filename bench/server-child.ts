// The server side of bench/api.bench.ts, run as a child process (forked with IPC) so that the load
// generator and the server each get one of the machine's two cores.
//   node dist/bench/server-child.js baseline            — a bare node:http server answering a small JSON
//   node dist/bench/server-child.js signed-baseline     — the same, after checking each request's V3
//     signature as vbrd does, but not its nonce (the protocol's own cost on node:http)
//   node dist/bench/server-child.js vbrd DATA_DIR SEED  — a real vbrd with bench fixtures in its store
//     [--database URL]   on PostgreSQL instead of SQLite (bench/engines.bench.ts)
//     [--node-name NAME] [--no-fixtures]   a further node on a database another child already filled
// When listening (and, for vbrd, once the fixtures are in the store) it sends one IPC message
// { port, fixtures? } to the parent; it exits on SIGTERM or when the parent goes away.
import { createServer, type ServerResponse } from 'node:http';
import { pino } from 'pino';
import { startServer, type VbrdServer } from '../src/app.js';
import { StaticCredentials } from '../src/auth/principal.js';
import { DEV_ROOT, resolveServerConfig } from '../src/config/server-config.js';
import { authenticate } from '../src/protocol/authenticate.js';
import { buildRpcRequest, newRequestId } from '../src/protocol/request.js';
import { atEndOfPass } from '../src/util/end-of-pass.js';
import { newId } from '../src/domain/ids.js';
import { APPLY_CONCURRENCY } from '../src/reconcile/bgp-reconciler.js';
import type { BgpGroupData, BgpPeerData, PhysicalConnectionData, VbrData } from '../src/domain/model.js';
import type { ResourceRecord } from '../src/store/record.js';

export interface BenchFixtures {
  /** Available groups on otherwise empty VBRs, for CreateBgpPeer (round-robin). */
  createGroups: { groupId: string; vbrId: string }[];
  /** VBRs and groups holding the pre-inserted peers, for filtered DescribeBgpPeers. */
  describeGroups: { groupId: string; vbrId: string }[];
  totalPeers: number;
  insertMs: number;
  /** The reconciler's full pass over the fixtures, before the measured requests. */
  reconcileMs?: number;
  /** The emulated data plane's time to apply a VBR, and how many VBRs the reconciler applies at once. */
  applyMs: number;
  applyConcurrency: number;
}

const REGION = 'cn-hangzhou';
// Enough VBRs that none nears its peer quota during a run: a VBR carries a handful of peers, not thousands.
const CREATE_VBRS = Number(process.env.BENCH_CREATE_VBRS ?? 4096);
const DESCRIBE_VBRS = Number(process.env.BENCH_DESCRIBE_VBRS ?? 100);
const TOTAL_PEERS = Number(process.env.BENCH_PEERS ?? 100_000);
const ROWS_PER_TX = 20_000;

function send(msg: unknown): void {
  process.send?.(msg);
}

const BASELINE_BODY = JSON.stringify({ RequestId: '5F1C0E2A-0000-4000-8000-000000000000', Status: 'ok' });

function answerSmallJson(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BASELINE_BODY) });
  res.end(BASELINE_BODY);
}

/**
 * Answers every request with the small JSON; `signed`: only once vbrd's V3 check has passed it, else
 * 403, and at the end of the event loop's pass, as vbrd answers (src/protocol/http-server.ts): written
 * one by one as their checks finished, the answers cost this server 35-50% more CPU each (most likely
 * in waking the load generator for each). Nonces are not claimed: the bench sends one signed request
 * again and again, built once, so that the load generator costs no more than against the bare server.
 */
async function baseline(signed: boolean): Promise<void> {
  const credentials = new StaticCredentials();
  credentials.add(DEV_ROOT.accountId, DEV_ROOT.accessKeyId, DEV_ROOT.accessKeySecret);
  const deps = { credentials, claimNonce: () => Promise.resolve('claimed' as const), maxClockSkewSeconds: 900 };
  const server = createServer((req, res) => {
    if (!signed) return answerSmallJson(res);
    // The signed requests carry no body (bench/signed-request.ts).
    authenticate(buildRpcRequest(req, Buffer.alloc(0), newRequestId()), deps).then(
      () => atEndOfPass(() => answerSmallJson(res)),
      () => {
        res.writeHead(403).end();
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Exit once closed: the IPC channel alone would keep the process alive until the parent's SIGKILL.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  send({ port: (server.address() as { port: number }).port });
}

function circuitAndVbr(
  vbrd: VbrdServer,
  accountId: string,
  now: number,
): { pc: ResourceRecord<PhysicalConnectionData>; vbr: ResourceRecord<VbrData> } {
  const region = vbrd.config.seed.regions.find((r) => r.regionId === REGION)!;
  const ap = region.accessPoints[0];
  const pc: ResourceRecord<PhysicalConnectionData> = {
    id: newId('pc', now),
    kind: 'PhysicalConnection',
    accountId,
    regionId: REGION,
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
      Name: 'bench',
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
  const vbrId = newId('vbr', now);
  const vbr: ResourceRecord<VbrData> = {
    id: vbrId,
    kind: 'VirtualBorderRouter',
    accountId,
    regionId: REGION,
    parentId: pc.id,
    vbrId,
    status: 'active',
    dueAt: null,
    data: {
      Name: 'bench',
      Description: '',
      PhysicalConnectionId: pc.id,
      PhysicalConnectionOwnerUid: accountId,
      AccessPointId: ap.accessPointId,
      VlanId: 10,
      VlanInterfaceId: newId('ri', now),
      CircuitCode: '',
      Bandwidth: 1000,
      // Outside 10.0.0.0/8, where the bench's peer addresses live.
      LocalGatewayIp: '192.168.255.1',
      PeerGatewayIp: '192.168.255.2',
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
      RouteTableId: newId('rtb', now),
      ResourceGroupId: '',
      Tags: [],
      CreationTime: now,
      ActivationTime: now,
      TerminationTime: null,
      RecoveryTime: null,
      associations: [],
    },
  };
  return { pc, vbr };
}

function group(vbr: ResourceRecord<VbrData>, now: number): ResourceRecord<BgpGroupData> {
  return {
    id: newId('bgpg', now),
    kind: 'BgpGroup',
    accountId: vbr.accountId,
    regionId: REGION,
    parentId: vbr.id,
    vbrId: vbr.id,
    status: 'Available',
    dueAt: null,
    data: {
      Name: 'bench',
      Description: '',
      PeerAsn: 65001,
      LocalAsn: 45104,
      IsFakeAsn: false,
      SealedAuthKey: '',
      RouteQuota: 110,
      IpVersion: 'IPv4',
      Hold: 30,
      Keepalive: 10,
      generation: 0,
      lastError: '',
      GmtModified: now,
    },
  };
}

const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

async function insertFixtures(vbrd: VbrdServer): Promise<Omit<BenchFixtures, 'applyMs' | 'applyConcurrency'>> {
  const t0 = performance.now();
  const accountId = vbrd.config.root.accountId;
  const now = Date.now();
  const createGroups: BenchFixtures['createGroups'] = [];
  const describeGroups: BenchFixtures['describeGroups'] = [];
  const describeRecs: { g: ResourceRecord<BgpGroupData> }[] = [];
  await vbrd.store.transaction([], async (tx) => {
    for (let i = 0; i < CREATE_VBRS + DESCRIBE_VBRS; i++) {
      const { pc, vbr } = circuitAndVbr(vbrd, accountId, now);
      const g = group(vbr, now);
      await tx.insert(pc);
      await tx.insert(vbr);
      await tx.insert(g);
      if (i < CREATE_VBRS) createGroups.push({ groupId: g.id, vbrId: vbr.id });
      else {
        describeGroups.push({ groupId: g.id, vbrId: vbr.id });
        describeRecs.push({ g });
      }
    }
  });
  // Pre-existing peers: spread evenly over the describe VBRs, already Available (as after a reconcile).
  // Addresses from the top of 10.0.0.0/8 so CreateBgpPeer's (counting up from 10.0.0.1) never clash.
  const perVbr = Math.ceil(TOTAL_PEERS / DESCRIBE_VBRS);
  let made = 0;
  while (made < TOTAL_PEERS) {
    const upto = Math.min(TOTAL_PEERS, made + ROWS_PER_TX);
    await vbrd.store.transaction([], async (tx) => {
      for (; made < upto; made++) {
        const g = describeRecs[Math.floor(made / perVbr)].g;
        const t = Date.now();
        const rec: ResourceRecord<BgpPeerData> = {
          id: newId('bgp', t),
          kind: 'BgpPeer',
          accountId,
          regionId: REGION,
          parentId: g.id,
          vbrId: g.vbrId,
          status: 'Available',
          dueAt: null,
          data: {
            BgpGroupId: g.id,
            PeerIpAddress: ipOf(0xffffff - made),
            IpVersion: 'IPv4',
            EnableBfd: false,
            BfdMultiHop: 255,
            accessDeviceId: vbrd.config.seed.regions.find((r) => r.regionId === REGION)!.accessPoints[0].devices[0].deviceId,
            BgpStatus: 'Established',
            bfdStatus: null,
            AdvertisedRouteCount: 0,
            ReceivedRouteCount: 0,
            generation: 0,
            lastError: '',
            GmtModified: t,
          },
        };
        await tx.insert(rec);
      }
    });
  }
  return { createGroups, describeGroups, totalPeers: made, insertMs: performance.now() - t0 };
}

async function vbrdServer(dataDir: string, seedFile: string, opts: string[]): Promise<void> {
  const option = (name: string) => {
    const i = opts.indexOf(name);
    return i >= 0 ? opts[i + 1] : undefined;
  };
  const database = option('--database');
  const nodeName = option('--node-name');
  const config = resolveServerConfig(
    [
      '--port',
      '0',
      '--data',
      dataDir,
      '--seed',
      seedFile,
      ...(database ? ['--database', database] : []),
      ...(nodeName ? ['--node-name', nodeName] : []),
    ],
    {},
  );
  const vbrd = await startServer(config, { logger: pino({ level: 'silent' }) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    vbrd.server.closeAllConnections();
    vbrd.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  const port = Number(vbrd.url().split(':').pop());
  if (opts.includes('--no-fixtures')) {
    send({ port });
    return;
  }
  const fixtures = await insertFixtures(vbrd);
  // As after a restart: the reconciler applies every VBR once. Measure what follows, not that pass.
  const t0 = performance.now();
  vbrd.reconciler.resyncAll();
  while (vbrd.reconciler.backlog > 0) await new Promise((r) => setTimeout(r, 50));
  send({
    port,
    fixtures: {
      ...fixtures,
      reconcileMs: performance.now() - t0,
      applyMs: config.seed.timings.bgpApplyMs,
      applyConcurrency: APPLY_CONCURRENCY,
    },
  });
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'baseline' || mode === 'signed-baseline') await baseline(mode === 'signed-baseline');
else if (mode === 'vbrd') await vbrdServer(rest[0], rest[1], rest.slice(2));
else {
  process.stderr.write(
    'usage: server-child.js baseline | signed-baseline | vbrd DATA_DIR SEED_FILE [--database URL] [--node-name NAME] [--no-fixtures]\n',
  );
  process.exit(2);
}
