// A vbrd for the replay suite (fast lifecycle timings, the physical connection service open, a
// tenant account for hosted connections) and a provider client pointed at it the way the docs'
// provider block does. The circuits the provider's acceptance tests find pre-existing
// ("preserved-NODELETING") are made here, at the console.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startServer, type VbrdServer } from '../../src/app.js';
import { resolveServerConfig } from '../../src/config/server-config.js';
import { RpcClient } from './provider/rpc-client.js';
import { virtualBorderRouter } from './provider/resources/virtual-border-router.js';
import { TerraformResource } from './provider/terraform.js';

export const REGION = 'cn-hangzhou';
export const ACCESS_POINT = 'ap-cn-hangzhou-yh-B';
/** The second account: the tenant of hosted connections (vpconn_ali_uid). */
export const TENANT = { accountId: '1000000000000002', accessKeyId: 'LTAItenantKey0002', accessKeySecret: 'tenant-secret-0002' };

export interface Replay {
  vbrd: VbrdServer;
  accountId: string;
  /** The provider, as the root account. */
  provider: RpcClient;
  /** Someone else at the console, as the root account: fixtures and out-of-band changes, sent the same way. */
  console: RpcClient;
  providerFor(accessKey: string, secretKey: string): RpcClient;
  /** An Enabled circuit made outside Terraform, as the acceptance tests' preserved ones; with `redundantTo`, on another access device. */
  preservedCircuit(redundantTo?: string): Promise<string>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `fn` every 10 ms until it returns true (5 s at most). */
export async function until(what: string, fn: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 5000; !(await fn()); await sleep(10))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

/**
 * vbrd on a free port with a fresh data directory (the official SDKs are not loaded: they would
 * take seconds per test file). Fast lifecycle timings; the physical connection service open for
 * both accounts.
 */
export async function startReplay(): Promise<Replay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vbrd-terraform-'));
  const seedFile = join(dataDir, 'seed.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      accounts: [
        { accountId: '1000000000000001', accessKeys: [], physicalConnectionServiceOpen: true },
        {
          accountId: TENANT.accountId,
          accessKeys: [{ accessKeyId: TENANT.accessKeyId, accessKeySecret: TENANT.accessKeySecret }],
          physicalConnectionServiceOpen: true,
        },
      ],
      // The acceptance tests pick the account's default group and a second one (resource-manager data sources).
      resourceGroups: [
        { resourceGroupId: DEFAULT_RESOURCE_GROUP, accountId: '1000000000000001', name: 'default', default: true },
        { resourceGroupId: RESOURCE_GROUP, accountId: '1000000000000001', name: 'second' },
      ],
      timings: {
        physicalConnectionAllocateMs: 20,
        physicalConnectionTransitionMs: 20,
        vbrTransitionMs: 20,
        bgpApplyMs: 10,
        simSessionUpMs: 20,
      },
      quotas: { physicalConnectionsPerAccessPoint: 8, unfinishedPhysicalConnections: 10 },
    }),
  );
  const config = resolveServerConfig(['--port', '0', '--data', dataDir, '--seed', seedFile], {});
  const vbrd = await startServer(config, { logger: pino({ level: process.env.VBRD_TEST_LOG ?? 'silent' }) });
  const providerFor = (accessKey: string, secretKey: string) =>
    new RpcClient({ vpcEndpoint: vbrd.url(), accessKey, secretKey, region: REGION, protocol: 'HTTP' });
  const { accountId, accessKeyId, accessKeySecret } = config.root;
  const console = providerFor(accessKeyId, accessKeySecret);
  return {
    vbrd,
    accountId,
    provider: providerFor(accessKeyId, accessKeySecret),
    console,
    providerFor,
    preservedCircuit: (redundantTo?: string) => enabledCircuit(console, redundantTo),
    close: () => vbrd.close(),
  };
}

async function circuitStatus(c: RpcClient, id: string): Promise<unknown> {
  const r = await c.rpcPost(
    'DescribePhysicalConnections',
    null,
    { RegionId: REGION, Filter: [{ Key: 'PhysicalConnectionId', Value: [id] }] },
    true,
  );
  return (r.PhysicalConnectionSet as { PhysicalConnectionType: { Status: unknown }[] }).PhysicalConnectionType[0]?.Status;
}

/** Create → Allocated → Confirmed → Enabled (EnablePhysicalConnection, as a console user would). */
export async function enabledCircuit(c: RpcClient, redundantTo?: string): Promise<string> {
  const created = await c.rpcPost(
    'CreatePhysicalConnection',
    null,
    {
      RegionId: REGION,
      AccessPointId: ACCESS_POINT,
      LineOperator: 'CT',
      PortType: '10GBase-LR',
      RedundantPhysicalConnectionId: redundantTo,
    },
    true,
  );
  const id = created.PhysicalConnectionId as string;
  await until(`${id} Allocated`, async () => (await circuitStatus(c, id)) === 'Allocated');
  await c.rpcPost('ConfirmPhysicalConnection', null, { RegionId: REGION, PhysicalConnectionId: id }, true);
  await c.rpcPost('EnablePhysicalConnection', null, { RegionId: REGION, PhysicalConnectionId: id }, true);
  await until(`${id} Enabled`, async () => (await circuitStatus(c, id)) === 'Enabled');
  return id;
}

/** The acceptance tests' names: tf-testacc<region><resource><5 digits>. */
export function accName(resource: string): string {
  return `tf-testacc${REGION.replace(/-/g, '')}${resource}${String(Math.floor(10000 + Math.random() * 90000))}`;
}

/** A ClientToken as buildClientToken makes it: "TF-<Action>-<unix seconds>-<uuid>" cut to 64 characters. */
export function isProviderToken(token: string | undefined, action: string): boolean {
  if (token === undefined) return false;
  const sample = `TF-${action}-0000000000-00000000-0000-0000-0000-000000000000`;
  if (token.length !== Math.min(64, sample.length)) return false;
  const completed = token + sample.slice(token.length);
  return new RegExp(`^TF-${action}-\\d{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).test(completed);
}

/** A resource group of the root account other than its default (the acceptance test's resource-groups data source, ids.1); from the seed. */
export const RESOURCE_GROUP = 'rg-vbrdsecondgroup0001';

/** The acceptance tests' VBR: BFD 1000/1000/10 on a preserved circuit. */
export async function testVbr(r: Replay): Promise<TerraformResource> {
  const vbr = new TerraformResource(virtualBorderRouter, r.provider);
  await vbr.apply({
    local_gateway_ip: '10.0.0.1',
    peer_gateway_ip: '10.0.0.2',
    peering_subnet_mask: '255.255.255.252',
    physical_connection_id: await r.preservedCircuit(),
    vlan_id: String(1 + Math.floor(Math.random() * 2998)),
    min_rx_interval: '1000',
    min_tx_interval: '1000',
    detect_multiplier: '10',
  });
  return vbr;
}

/** How many items a Describe answer lists under Wrapper.Item. */
export function listed(response: Record<string, unknown>, wrapper: string, item: string): number {
  return ((response[wrapper] as Record<string, unknown[]>)[item] ?? []).length;
}

/** The root account's default resource group (the acceptance test's group with name_regex "default"); from the seed. */
export const DEFAULT_RESOURCE_GROUP = 'rg-acfmreplaydefault';

/** Whether `client` has had an answer with this error code to `action`. */
export function answered(client: RpcClient, action: string, code: string): boolean {
  return client.requestsFor(action).some((x) => x.response?.Code === code);
}
