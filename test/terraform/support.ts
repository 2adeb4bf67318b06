// A vbrd for the replay suite (fast lifecycle timings, the physical connection service open, a
// tenant account for hosted connections) and a provider client pointed at it the way the docs'
// provider block does. The circuits the provider's acceptance tests find pre-existing
// ("preserved-NODELETING") are made here with the official SDK.
import { startHarness, type Harness, type VpcClient } from '../support/harness.js';
import { TENANT, enabledCircuit } from '../support/express-connect.js';
import { RpcClient } from './provider/rpc-client.js';

export const REGION = 'cn-hangzhou';
export const ACCESS_POINT = 'ap-cn-hangzhou-yh-B';
export { TENANT };

export interface Replay {
  h: Harness;
  /** The provider, as the root account. */
  provider: RpcClient;
  /** The official SDK as the root account, for fixtures and out-of-band changes. */
  sdk: VpcClient;
  providerFor(accessKey: string, secretKey: string): RpcClient;
  /** An Enabled circuit made outside Terraform, as the acceptance tests' preserved ones. */
  preservedCircuit(): Promise<string>;
  close(): Promise<void>;
}

export async function startReplay(): Promise<Replay> {
  const h = await startHarness({
    seed: {
      accounts: [
        { accountId: '1000000000000001', accessKeys: [], physicalConnectionServiceOpen: true },
        {
          accountId: TENANT.accountId,
          accessKeys: [{ accessKeyId: TENANT.accessKeyId, accessKeySecret: TENANT.accessKeySecret }],
          physicalConnectionServiceOpen: true,
        },
      ],
      timings: {
        physicalConnectionAllocateMs: 20,
        physicalConnectionTransitionMs: 20,
        vbrTransitionMs: 20,
        bgpApplyMs: 10,
        simSessionUpMs: 20,
      },
      quotas: { physicalConnectionsPerAccessPoint: 8, unfinishedPhysicalConnections: 10 },
    },
  });
  const providerFor = (accessKey: string, secretKey: string) =>
    new RpcClient({ vpcEndpoint: h.endpoint, accessKey, secretKey, region: REGION, protocol: 'HTTP' });
  return {
    h,
    provider: providerFor(h.accessKeyId, h.accessKeySecret),
    sdk: h.vpc,
    providerFor,
    preservedCircuit: () => enabledCircuit(h.vpc),
    close: () => h.close(),
  };
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

/**
 * A resource group of the root account other than its default, as the acceptance test's
 * data.alicloud_resource_manager_resource_groups ids.1. vbrd's seed has no resource groups yet (G-3).
 */
export const RESOURCE_GROUP = 'rg-vbrdsecondgroup0001';
