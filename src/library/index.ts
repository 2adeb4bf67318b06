// vbrd as a library: `import { startVbrd } from 'vbrd'` starts a server in this process, on a free
// loopback port with a throw-away data directory unless told otherwise, and hands back where it is,
// how to sign in, a ready SDK configuration and the control API as methods. Every control call is
// written to the audit trail, as through HTTP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startServer, type VbrdServer } from '../app.js';
import type { Caller } from '../control/control.js';
import type { FaultRule, FaultRuleInput } from '../control/faults.js';
import type { JournalEntry, JournalFilter } from '../control/journal.js';
import type { StateDocument } from '../control/state.js';
import type { SettleResult } from '../control/control.js';
import { resolveServerConfig, type DataPlane, type RamMode } from '../config/server-config.js';
import type { Quotas, Seed, Timings } from '../config/seed.js';
import type { ControlledSessionState, LinkImpairment } from '../speaker/speaker.js';
import { call, rawCall, type AccessKey, type RpcAnswer } from './rpc.js';

export { ControlError } from '../control/input.js';
export { RpcCallError, signedUrl, type AccessKey, type RpcAnswer } from './rpc.js';
export type {
  FaultRule,
  FaultRuleInput,
  JournalEntry,
  JournalFilter,
  StateDocument,
  SettleResult,
  Timings,
  Quotas,
  ControlledSessionState,
};

/** A seed as the seed file holds it; quotas and timings merge key by key over the defaults. */
export type SeedInput = Partial<Omit<Seed, 'quotas' | 'timings'>> & { quotas?: Partial<Quotas>; timings?: Partial<Timings> };

export interface StartOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. Another address needs the root account in `env` (VBRD_ACCOUNT_ID…). */
  host?: string;
  /** Default: a new temporary directory, removed by close(). */
  dataDir?: string;
  /** The seed, as an object or the path of a seed file (JSON or YAML). */
  seed?: SeedInput | string;
  /** Default 'sim'. */
  dataPlane?: DataPlane;
  ramMode?: RamMode;
  /** postgres://… to use PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** Default 'silent'. */
  logLevel?: string;
  /** API requests the journal keeps (default 1000). */
  journalSize?: number;
  /** More `vbrd serve` flags. */
  args?: string[];
  /** The environment `vbrd serve` would read (VBRD_ACCOUNT_ID, VBRD_ADMIN_TOKEN…); process.env is not read. */
  env?: Record<string, string>;
  /**
   * Serve HTTPS with these PEM files (`--tls-cert`, `--tls-key`); `ca`, the CA they chain to, is what
   * call() and rawCall() trust (and sdkConfig's `ca`). `reloadTls()` reads the files again.
   */
  tls?: { certFile: string; keyFile: string; ca?: string | Buffer };
  /** Plain HTTP on an address other than loopback (`--insecure-http`). */
  insecureHttp?: boolean;
}

/** What `new $OpenApiUtil.Config(…)` of the official SDK takes to call this server. */
export interface SdkConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** host:port, as the SDK wants it (no scheme). */
  endpoint: string;
  protocol: 'http' | 'https';
  regionId: string;
  /** With TLS and a CA given: the CA (PEM), which the SDK's Config takes as it is. */
  ca?: string;
}

export interface RunningVbrd {
  /** http://host:port, or https:// with TLS */
  endpoint: string;
  host: string;
  port: number;
  /** The root account and its AccessKey. */
  accountId: string;
  accessKeyId: string;
  accessKeySecret: string;
  sdkConfig: SdkConfig;
  /** The AccessKey of an account: the root's, or one from the seed. */
  accessKeyOf(accountId: string): AccessKey;
  /** One signed API call (V1), its body; RpcCallError on an error answer. As the root unless `as` names an account. */
  call(
    action: string,
    params?: Record<string, string | number | boolean>,
    opts?: { as?: string; version?: string },
  ): Promise<Record<string, unknown>>;
  /** The same, the answer whatever its status, with its body as sent. */
  rawCall(action: string, params?: Record<string, string | number | boolean>, opts?: { as?: string; version?: string }): Promise<RpcAnswer>;

  /** Everything (resources, nonces, ClientTokens, journal, fault rules, timings, data plane overrides), or one account's. */
  reset(opts?: { accountId?: string }): Promise<{ removed: number }>;
  snapshot(opts?: { accountId?: string }): Promise<StateDocument>;
  /** Replace the state (or the document's account's) with a snapshot's. */
  restore(doc: StateDocument, opts?: { accountId?: string }): Promise<{ removed: number; written: number; clientTokens: number }>;
  inject(rule: FaultRuleInput): Promise<FaultRule>;
  faults(): Promise<FaultRule[]>;
  removeFault(id: string): Promise<void>;
  clearFaults(): Promise<void>;
  setSession(bgpPeerId: string, state: ControlledSessionState): Promise<void>;
  flap(bgpPeerId: string, downMs?: number): Promise<void>;
  setReceivedRoutes(bgpPeerId: string, prefixes: string[]): Promise<void>;
  /** Loss and delay on the peer's link (FRR data plane). */
  impairLink(bgpPeerId: string, impairment: Partial<LinkImpairment>): Promise<void>;
  timings(): Promise<Timings>;
  setTimings(timings: Partial<Timings>): Promise<Timings>;
  /** Finish every pending timed change and BGP apply now. */
  settle(opts?: { timeoutMs?: number }): Promise<SettleResult>;
  journal(filter?: JournalFilter): Promise<JournalEntry[]>;
  clearJournal(): Promise<void>;
  /** The metrics in Prometheus' text format. */
  metrics(): Promise<string>;
  /** Read the TLS files again (a renewed certificate); new connections get it. */
  reloadTls(): void;
  /** Stop serving; a temporary data directory is removed. */
  close(): Promise<void>;
  /** The server itself, for what the methods above do not cover. */
  readonly server: VbrdServer;
}

const CALLER: Caller = { principal: 'library', sourceIp: 'in-process' };

export async function startVbrd(options: StartOptions = {}): Promise<RunningVbrd> {
  const temporary = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'vbrd-')) : undefined;
  const dataDir = options.dataDir ?? temporary!;
  const args = ['--port', String(options.port ?? 0), '--host', options.host ?? '127.0.0.1', '--data', dataDir];
  if (options.seed !== undefined) {
    let file = options.seed;
    if (typeof file !== 'string') {
      file = join(temporary ?? mkdtempSync(join(tmpdir(), 'vbrd-seed-')), 'seed.json');
      writeFileSync(file, JSON.stringify(options.seed));
    }
    args.push('--seed', file);
  }
  if (options.dataPlane) args.push('--data-plane', options.dataPlane);
  if (options.ramMode) args.push('--ram-mode', options.ramMode);
  if (options.databaseUrl) args.push('--database', options.databaseUrl);
  if (options.journalSize !== undefined) args.push('--journal-size', String(options.journalSize));
  if (options.tls) args.push('--tls-cert', options.tls.certFile, '--tls-key', options.tls.keyFile);
  if (options.insecureHttp) args.push('--insecure-http');
  args.push(...(options.args ?? []));
  let server: VbrdServer;
  try {
    const config = resolveServerConfig(args, options.env ?? {});
    server = await startServer(config, { logger: pino({ level: options.logLevel ?? 'silent' }) });
  } catch (e) {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
    throw e;
  }
  const { config, control } = server;
  const address = server.url();
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  const endpoint = `${server.scheme}://${address}`;
  const ca = options.tls?.ca;
  const transport = ca === undefined ? {} : { ca };
  const root = config.root;
  const keys = new Map<string, AccessKey>([[root.accountId, root]]);
  for (const a of config.seed.accounts) if (a.accessKeys[0] && !keys.has(a.accountId)) keys.set(a.accountId, a.accessKeys[0]);
  const accessKeyOf = (accountId: string): AccessKey => {
    const k = keys.get(accountId);
    if (!k) throw new Error(`no AccessKey for account ${accountId}: it is neither the root nor in the seed`);
    return { accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret };
  };
  const audited = <T>(action: string, resource: string, fn: () => T | Promise<T>) =>
    control.audited(CALLER, action, resource, async () => fn());
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    host: config.host,
    port,
    accountId: root.accountId,
    accessKeyId: root.accessKeyId,
    accessKeySecret: root.accessKeySecret,
    sdkConfig: {
      accessKeyId: root.accessKeyId,
      accessKeySecret: root.accessKeySecret,
      endpoint: address,
      protocol: server.scheme,
      regionId: 'cn-hangzhou',
      ...(ca !== undefined && { ca: String(ca) }),
    },
    accessKeyOf,
    call: (action, params = {}, o = {}) => call(endpoint, accessKeyOf(o.as ?? root.accountId), action, params, o.version, transport),
    rawCall: (action, params = {}, o = {}) => rawCall(endpoint, accessKeyOf(o.as ?? root.accountId), action, params, o.version, transport),
    reset: (o = {}) => audited('Reset', 'reset', () => control.reset(o)),
    snapshot: (o = {}) => audited('ExportState', 'state', () => control.exportState(o.accountId)),
    restore: (doc, o = {}) => audited('ImportState', 'state', () => control.importState(doc, o.accountId)),
    inject: (rule) => audited('AddFault', 'faults', () => control.addFault(rule)),
    faults: () => audited('ListFaults', 'faults', () => control.listFaults()),
    removeFault: (id) => audited('DeleteFault', `faults/${id}`, () => control.removeFault(id)),
    clearFaults: () => audited('DeleteFaults', 'faults', () => control.clearFaults()),
    setSession: (id, state) => audited('SetSession', `peers/${id}/session`, () => control.setSession(id, { state })),
    flap: (id, downMs) => audited('FlapSession', `peers/${id}/flap`, () => control.flap(id, downMs === undefined ? {} : { downMs })),
    setReceivedRoutes: (id, prefixes) => audited('SetReceivedRoutes', `peers/${id}/routes`, () => control.setRoutes(id, { prefixes })),
    impairLink: (id, i) => audited('ImpairLink', `peers/${id}/link`, () => control.impairLink(id, i)),
    timings: () => audited('GetTimings', 'timings', () => control.timings()),
    setTimings: (t) => audited('SetTimings', 'timings', () => control.setTimings(t)),
    settle: (o = {}) => audited('Settle', 'settle', () => control.settle(o)),
    journal: (filter = {}) => audited('ReadJournal', 'journal', () => control.journal(filter)),
    clearJournal: () => audited('ClearJournal', 'journal', () => control.clearJournal()),
    metrics: async () => (await control.metrics()).text,
    reloadTls: () => server.reloadTls(),
    close: () =>
      (closing ??= (async () => {
        await server.close();
        if (temporary) rmSync(temporary, { recursive: true, force: true });
      })()),
    server,
  };
}
