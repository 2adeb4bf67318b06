// What the metrics count, kept in plain numbers on the paths that produce them (every request, every
// commit, every apply): a few additions each. prom-client is loaded only when the metrics are first
// read (metrics.ts), which keeps its module load (60–140 ms here) out of start-up and its per-call
// label hashing (about 1 µs a request, against 0.3 µs for these) off the request path.

/** Counts of observations at or below each bound (the last slot: above every bound), their sum and number. */
export class Histogram {
  readonly counts: Float64Array;
  sum = 0;
  n = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(v: number): void {
    const b = this.bounds;
    let i = 0;
    while (i < b.length && v > b[i]!) i++;
    this.counts[i]!++;
    this.sum += v;
    this.n++;
  }
}

/** Seconds, for request and apply latencies. */
export const LATENCY_BOUNDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Transactions in one commit. */
export const GROUP_BOUNDS = [1, 2, 4, 8, 16, 32, 64, 128];

export interface RequestCount {
  action: string;
  code: string;
  status: string;
  n: number;
}

export class Tallies {
  readonly requests = new Map<string, RequestCount>();
  readonly requestSeconds = new Map<string, Histogram>();
  readonly commitSeconds = new Histogram(LATENCY_BOUNDS);
  readonly commitSize = new Histogram(GROUP_BOUNDS);
  readonly applySeconds = new Histogram(LATENCY_BOUNDS);

  request(action: string, code: string, status: number, seconds: number): void {
    const key = `${action} ${code} ${status}`;
    const c = this.requests.get(key);
    if (c) c.n++;
    else this.requests.set(key, { action, code, status: String(status), n: 1 });
    let h = this.requestSeconds.get(action);
    if (!h) this.requestSeconds.set(action, (h = new Histogram(LATENCY_BOUNDS)));
    h.observe(seconds);
  }

  commit(ms: number, transactions: number): void {
    this.commitSeconds.observe(ms / 1000);
    this.commitSize.observe(transactions);
  }

  apply(ms: number): void {
    this.applySeconds.observe(ms / 1000);
  }
}
