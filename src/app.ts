// Assembles a vbrd node: store, credentials, authorizer, request pipeline, HTTP server, the control
// loops (timed transitions and the speaker reconciler), and the control API with its journal, fault
// rules and metrics. The library's startVbrd (src/library/) and `vbrd serve` both start one here.
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Services } from './api/action.js';
import { allActions } from './api/actions/index.js';
import { handleRpc } from './api/pipeline.js';
import { Registry } from './api/registry.js';
import { AuthKeyBox } from './auth/auth-key-box.js';
import type { Authorizer } from './auth/authorizer.js';
import { ChainedCredentials, StaticCredentials, type CredentialSource } from './auth/principal.js';
import { secretKey } from './auth/ram/secret-key.js';
import { ramAuthorizer, ramCredentialSources } from './auth/ram/wiring.js';
import type { ServerConfig } from './config/server-config.js';
import { checkBoundAddress, checkListenHost } from './config/listen-guard.js';
import { createHttpServer, type ApiServer, type RequestTimeouts } from './protocol/http-server.js';
import { readTlsIdentity } from './config/tls-files.js';
import type { Server as HttpsServer } from 'node:https';
import { Control } from './control/control.js';
import { FaultRules } from './control/faults.js';
import { internalRoutes } from './control/http.js';
import { consoleFiles } from './control/console-files.js';
import { vbrdExtensionActions } from './api/actions/vbrd/extensions.js';
import { Journal } from './control/journal.js';
import { Tallies } from './control/tallies.js';
import { BgpReconciler, sessionsVerified } from './reconcile/bgp-reconciler.js';
import { LeaseLoop } from './reconcile/lease-loop.js';
import { runTimedTransitions } from './reconcile/timed.js';
import { openSpeaker } from './speaker/open.js';
import type { Speaker } from './speaker/speaker.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';
import { tuneV8ForServing } from './util/v8-tuning.js';
import { recordIndexing } from './domain/record-indexing.js';

const PRUNE_EVERY_MS = 60_000;

export interface VbrdServer {
  config: ServerConfig;
  store: Store;
  /** An HTTPS server when the configuration has TLS files. */
  server: ApiServer;
  /** How clients reach it. */
  scheme: 'http' | 'https';
  /** Read the TLS files again and serve new connections with them (SIGHUP); ConfigError, the old ones kept, when they are not usable. */
  reloadTls(): void;
  reconciler: BgpReconciler;
  /** The control API's operations (reset, snapshots, faults, sessions, time, journal, metrics). */
  control: Control;
  log: Logger;
  /** The bound address (after listen). */
  url(): string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Replace the data plane (tests, the FRR speaker). */
  speaker?: Speaker;
  /** More credential sources (RAM users). */
  extraCredentials?: (store: Store) => CredentialSource[];
  authorizer?: (store: Store) => Authorizer;
  logger?: Logger;
  /** How long a client may take over its headers and its request (tests shorten them). */
  requestTimeouts?: RequestTimeouts;
}

export async function startServer(config: ServerConfig, opts: ServerOptions = {}): Promise<VbrdServer> {
  await checkListenHost(config);
  const tls = config.tls && readTlsIdentity(config.tls);
  tuneV8ForServing();
  const log = opts.logger ?? pino({ level: config.logLevel, base: { node: config.nodeName } });
  const tallies = new Tallies();
  const authKeys = new AuthKeyBox(() => secretKey(config.dataDir));
  const store = await openStore({
    indexing: recordIndexing,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    sealAuthKey: (authKey, groupId) => authKeys.seal(authKey, groupId),
    onCommit: (ms, n) => tallies.commit(ms, n),
  });
  const roots = new StaticCredentials();
  roots.add(config.root.accountId, config.root.accessKeyId, config.root.accessKeySecret);
  for (const a of config.seed.accounts) for (const k of a.accessKeys) roots.add(a.accountId, k.accessKeyId, k.accessKeySecret);
  const credentials = new ChainedCredentials([roots, ...(opts.extraCredentials ?? ramCredentialSources(config))(store)]);

  let onLostState = () => {};
  let speaker: Speaker;
  try {
    speaker = opts.speaker ?? (await openSpeaker(config, log, { onLostState: () => onLostState() }));
  } catch (e) {
    await store.close();
    throw e;
  }
  const reconciler = new BgpReconciler({
    store,
    seed: config.seed,
    authKeys,
    speaker,
    nodeName: config.nodeName,
    log,
    // Periodic re-applying repairs drift; the emulated data plane lives in memory and cannot drift, so
    // for it the full pass when a node gains the lease is enough.
    resyncMs: speaker.kind === 'sim' ? Infinity : 30_000,
    observeMs: config.sessionReadbackMs,
    onApplied: (ms) => tallies.apply(ms),
  });
  onLostState = () => reconciler.resyncAll();
  let lastPrune = 0;
  const timers = new LeaseLoop({
    store,
    lease: 'vbrd:timers',
    holder: config.nodeName,
    ttlMs: 5000,
    log,
    intervalMs: 250,
    tick: async () => {
      const now = Date.now();
      await runTimedTransitions({ store, vbrChanged: (id) => reconciler.poke(id) }, now);
      // Expired nonces and ClientTokens would otherwise pile up for ever.
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now;
        await store.prune(now);
      }
    },
  });
  const services: Services = {
    config,
    seed: config.seed,
    store,
    authKeys,
    notify: ({ vbrIds, dueAt }) => {
      for (const vbrId of vbrIds) reconciler.poke(vbrId);
      if (dueAt !== undefined) timers.kick(Math.max(0, dueAt - Date.now()));
    },
    sessionsVerified: () => sessionsVerified(store, speaker.kind),
  };
  const faults = new FaultRules();
  const journal = new Journal(config.journalSize);
  const deps = {
    registry: new Registry(allActions),
    services,
    credentials,
    authorizer: (opts.authorizer ?? ramAuthorizer(config, log))(store),
    faults,
  };
  const extensionDeps = { ...deps, registry: new Registry(vbrdExtensionActions) };
  // Still 200 when the data plane cannot realise something: the API serves. The count only, as anyone who
  // reaches the port may ask: which VBR and why are in the log and, for their owner, in VbrdApplyError.
  const health = () => {
    const failing = reconciler.failures.length;
    return {
      status: failing === 0 ? 'ok' : 'degraded',
      node: config.nodeName,
      engine: store.engine,
      dataPlane: speaker.kind,
      reconcilerLeader: reconciler.isLeader,
      reconcilerBacklog: reconciler.backlog,
      dataPlaneFailures: failing,
    };
  };
  const control = new Control({
    store,
    indexing: recordIndexing,
    reconciler,
    speaker,
    timings: config.seed.timings,
    faults,
    journal,
    tallies,
    kickTimers: () => timers.kick(0),
  });
  const server = createHttpServer(
    {
      rpc: (req) => handleRpc(req, deps),
      extensionRpc: (req) => handleRpc(req, extensionDeps),
      ...(config.console && { console: consoleFiles() }),
      internal: internalRoutes({
        control,
        access: { enabled: config.control, token: config.adminToken },
        health,
      }),
      answered: (req, o, ms) => {
        journal.record(req, o, ms);
        tallies.request(o.action ?? '-', o.code, o.drop ? 0 : o.status, ms / 1000);
      },
    },
    log,
    tls,
    opts.requestTimeouts,
  );
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    checkBoundAddress(config, (server.address() as AddressInfo).address);
  } catch (e) {
    server.close();
    await speaker.close();
    await store.close();
    throw e;
  }
  reconciler.start();
  timers.start();
  let closing: Promise<void> | undefined;
  return {
    config,
    store,
    server,
    reconciler,
    control,
    log,
    scheme: tls ? 'https' : 'http',
    reloadTls: () => {
      if (!config.tls) return;
      (server as HttpsServer).setSecureContext(readTlsIdentity(config.tls));
      log.info({ cert: config.tls.certFile }, 'TLS certificate and key read again');
    },
    url: () => {
      const a = server.address() as AddressInfo;
      return `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
    },
    close: () =>
      (closing ??= (async () => {
        // Stop taking requests and let in-flight ones finish, then stop the loops, then the store.
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeIdleConnections();
        });
        await Promise.all([reconciler.stop(), timers.stop()]);
        await speaker.close();
        await store.close();
      })()),
  };
}
