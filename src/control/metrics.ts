// GET /_vbrd/metrics: Prometheus' text format through prom-client. Counters and gauges are prom-client's
// own, filled from vbrd's tallies and state when scraped; histograms are handed to its registry as
// metrics that report the tallies' buckets (prom-client has no way to set a histogram's buckets). The
// process metrics are prom-client's defaults, collected once per process.
import type * as PromClient from 'prom-client';
import type { Histogram, Tallies } from './tallies.js';

export interface MetricSources {
  tallies: Tallies;
  dataPlane: string;
  reconcilerBacklog(): number;
  /** Sessions as the API shows them: each BGP peer's BgpStatus and BFD status (null without BFD). */
  sessions(): Promise<{ bgpStatus: string; bfdStatus: string | null }[]>;
  tableSizes(): Promise<{ nonces: number; clientTokens: number }>;
  faultRules(): number;
  journalEntries(): number;
}

let prom: Promise<typeof PromClient> | undefined;
let processRegistry: PromClient.Registry | undefined;

async function promClient(): Promise<typeof PromClient> {
  prom ??= import('prom-client');
  const p = await prom;
  if (!processRegistry) {
    processRegistry = new p.Registry();
    p.collectDefaultMetrics({ register: processRegistry });
  }
  return p;
}

/** A tallied histogram as prom-client's registry reads a metric. */
function histogramMetric(name: string, help: string, series: [Record<string, string>, Histogram][]): PromClient.Metric {
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: () =>
      Promise.resolve({
        name,
        help,
        type: 'histogram',
        aggregator: 'sum',
        values: series.flatMap(([labels, h]) => {
          let cumulative = 0;
          const buckets = h.bounds.map((le, i) => {
            cumulative += h.counts[i]!;
            return { labels: { ...labels, le }, value: cumulative, metricName: `${name}_bucket` };
          });
          return [
            ...buckets,
            { labels: { ...labels, le: '+Inf' }, value: h.n, metricName: `${name}_bucket` },
            { labels, value: h.sum, metricName: `${name}_sum` },
            { labels, value: h.n, metricName: `${name}_count` },
          ];
        }),
      }),
  };
  return metric as unknown as PromClient.Metric;
}

export async function renderMetrics(src: MetricSources): Promise<{ text: string; contentType: string }> {
  const p = await promClient();
  const reg = new p.Registry();
  const t = src.tallies;
  const requests = new p.Counter({
    name: 'vbrd_requests_total',
    help: 'API requests answered, by action, error code (OK on success) and HTTP status (0: connection dropped by a fault rule)',
    labelNames: ['action', 'code', 'status'],
    registers: [reg],
  });
  for (const c of t.requests.values()) requests.inc({ action: c.action, code: c.code, status: c.status }, c.n);
  reg.registerMetric(
    histogramMetric(
      'vbrd_request_duration_seconds',
      'Time from receiving an API request to its answer, by action',
      [...t.requestSeconds].map(([action, h]) => [{ action }, h]),
    ),
  );
  reg.registerMetric(histogramMetric('vbrd_store_commit_duration_seconds', 'Time each store commit took', [[{}, t.commitSeconds]]));
  reg.registerMetric(
    histogramMetric('vbrd_store_group_commit_transactions', 'Transactions one store commit held (group commit)', [[{}, t.commitSize]]),
  );
  reg.registerMetric(
    histogramMetric('vbrd_reconciler_apply_duration_seconds', "Time the data plane took to apply one VBR's configuration", [
      [{ data_plane: src.dataPlane }, t.applySeconds],
    ]),
  );
  new p.Gauge({ name: 'vbrd_reconciler_backlog', help: 'VBRs waiting to be applied or being applied', registers: [reg] }).set(
    src.reconcilerBacklog(),
  );
  const bgp = new p.Gauge({
    name: 'vbrd_bgp_sessions',
    help: 'BGP sessions by state, as DescribeBgpPeers shows them',
    labelNames: ['data_plane', 'state'],
    registers: [reg],
  });
  const bfd = new p.Gauge({
    name: 'vbrd_bfd_sessions',
    help: 'BFD sessions by state, as the data plane reports them',
    labelNames: ['data_plane', 'state'],
    registers: [reg],
  });
  const bgpStates = new Map<string, number>();
  const bfdStates = new Map<string, number>();
  for (const s of await src.sessions()) {
    bgpStates.set(s.bgpStatus, (bgpStates.get(s.bgpStatus) ?? 0) + 1);
    if (s.bfdStatus !== null) bfdStates.set(s.bfdStatus, (bfdStates.get(s.bfdStatus) ?? 0) + 1);
  }
  for (const [state, n] of bgpStates) bgp.set({ data_plane: src.dataPlane, state }, n);
  for (const [state, n] of bfdStates) bfd.set({ data_plane: src.dataPlane, state }, n);
  const sizes = await src.tableSizes();
  new p.Gauge({ name: 'vbrd_signature_nonces', help: 'Signature nonces remembered (replays refused)', registers: [reg] }).set(sizes.nonces);
  new p.Gauge({ name: 'vbrd_client_tokens', help: 'ClientTokens remembered (idempotent retries)', registers: [reg] }).set(
    sizes.clientTokens,
  );
  new p.Gauge({ name: 'vbrd_fault_rules', help: 'Fault rules in force', registers: [reg] }).set(src.faultRules());
  new p.Gauge({ name: 'vbrd_journal_entries', help: 'Requests held in the request journal', registers: [reg] }).set(src.journalEntries());
  const merged = p.Registry.merge([processRegistry!, reg]);
  return { text: await merged.metrics(), contentType: merged.contentType };
}
