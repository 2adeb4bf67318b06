// Starts a real vbrd in-process on a free loopback port with a fresh data directory, and gives the
// official clients pointed at it: the TS SDK with its default V3 signature, the TS SDK with V1
// (signatureAlgorithm 'v2'), and pop-core (GET by default; POST with { method: 'POST' }).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Vpc from '@alicloud/vpc20160428';
import * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import { pino } from 'pino';
import { startServer, type VbrdServer, type ServerOptions } from '../../src/app.js';
import { resolveServerConfig, type ServerConfig } from '../../src/config/server-config.js';
import type { Seed } from '../../src/config/seed.js';

export { $Vpc };
export type VpcClient = InstanceType<typeof Vpc.default>;

export interface Harness {
  vbrd: VbrdServer;
  config: ServerConfig;
  endpoint: string;
  accountId: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** TS SDK, V3 signature (default). */
  vpc: VpcClient;
  /** TS SDK, V1 signature. */
  vpcV1: VpcClient;
  /** pop-core RPC client (V1). */
  pop: InstanceType<typeof RPCClient>;
  clientFor(accessKeyId: string, accessKeySecret: string, v1?: boolean): VpcClient;
  popFor(accessKeyId: string, accessKeySecret: string): InstanceType<typeof RPCClient>;
  close(): Promise<void>;
}

export interface HarnessOptions extends ServerOptions {
  /** Seed overrides merged over the defaults (written to a seed file). */
  seed?: Partial<Omit<Seed, 'quotas' | 'timings'>> & { quotas?: Partial<Seed['quotas']>; timings?: Partial<Seed['timings']> };
  dataDir?: string;
  env?: Record<string, string>;
  args?: string[];
}

const VpcCtor = (Vpc as unknown as { default: typeof Vpc.default }).default ?? Vpc;

export function vpcClient(endpoint: string, accessKeyId: string, accessKeySecret: string, v1 = false): VpcClient {
  return new VpcCtor(
    new $OpenApiUtil.Config({
      accessKeyId,
      accessKeySecret,
      endpoint,
      protocol: 'http',
      regionId: 'cn-hangzhou',
      ...(v1 ? { signatureAlgorithm: 'v2' } : {}),
    }),
  ) as VpcClient;
}

/** pop-core for VPC (2016-04-28) or, with apiVersion 2015-05-01, for RAM. */
export function popClient(
  endpoint: string,
  accessKeyId: string,
  accessKeySecret: string,
  apiVersion = '2016-04-28',
): InstanceType<typeof RPCClient> {
  return new RPCClient({ accessKeyId, accessKeySecret, endpoint: `http://${endpoint}`, apiVersion });
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vbrd-test-'));
  const args = ['--port', '0', '--data', dataDir, ...(opts.args ?? [])];
  if (opts.seed) {
    const { writeFileSync } = await import('node:fs');
    const file = join(dataDir, 'seed.json');
    writeFileSync(file, JSON.stringify(opts.seed));
    args.push('--seed', file);
  }
  const config = resolveServerConfig(args, { ...opts.env });
  const vbrd = await startServer(config, { logger: pino({ level: process.env.VBRD_TEST_LOG ?? 'silent' }), ...opts });
  const endpoint = vbrd.url();
  const { accountId, accessKeyId, accessKeySecret } = config.root;
  return {
    vbrd,
    config,
    endpoint,
    accountId,
    accessKeyId,
    accessKeySecret,
    vpc: vpcClient(endpoint, accessKeyId, accessKeySecret),
    vpcV1: vpcClient(endpoint, accessKeyId, accessKeySecret, true),
    pop: popClient(endpoint, accessKeyId, accessKeySecret),
    clientFor: (ak, sk, v1) => vpcClient(endpoint, ak, sk, v1),
    popFor: (ak, sk) => popClient(endpoint, ak, sk),
    close: () => vbrd.close(),
  };
}

/** Poll until fn returns a truthy value (or throw after timeoutMs). */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The wire error code of a failed SDK call. */
export async function errorCode(
  p: Promise<unknown>,
): Promise<{ code: string; statusCode: number; message: string; data?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; statusCode?: number; message: string; data?: Record<string, unknown> };
    return { code: err.code ?? '', statusCode: err.statusCode ?? 0, message: err.message, data: err.data };
  }
  throw new Error('expected the call to fail');
}
