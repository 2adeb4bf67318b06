// How steady the server's core is: a fixed piece of CPU work (about 200 µs), timed over and over on
// that core while nothing else runs there. On a quiet machine every piece takes about as long; on a
// shared VM some take many times longer, with no other task on the core (the hypervisor or a
// neighbour takes it), and every request in flight at that moment waits with them. The bench prints
// this beside its cells so that runs from different hours can be read against each other.
//   node dist/bench/host-probe.js SECONDS   (forked by probeHost in load.ts, which pins it; it sends
//   its figures over IPC). It imports nothing of the bench: load.ts pins whoever imports it to core 0.
import { fileURLToPath } from 'node:url';

export interface HostSteadiness {
  /** The median piece of work, µs, and how long the slow ones took, µs. */
  medianUs: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  /** The longest run of consecutive pieces that each took over 3 × the median, ms. */
  longestSlowMs: number;
}

function work(n: number): number {
  let x = 1;
  for (let i = 0; i < n; i++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}

function measure(seconds: number): HostSteadiness {
  for (let i = 0; i < 200; i++) work(20_000);
  const t0 = performance.now();
  work(200_000);
  const n = Math.max(1, Math.round((200_000 * 0.2) / (performance.now() - t0)));
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const a = performance.now();
    work(n);
    times.push((performance.now() - a) * 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const median = at(0.5);
  let run = 0;
  let longest = 0;
  for (const t of times) {
    run = t > 3 * median ? run + t : 0;
    longest = Math.max(longest, run);
  }
  return { medianUs: median, p99Us: at(0.99), p999Us: at(0.999), maxUs: sorted[sorted.length - 1], longestSlowMs: longest / 1000 };
}

export function describeSteadiness(h: HostSteadiness): string {
  const ms = (us: number) => (us / 1000).toFixed(1);
  return (
    `host steadiness (server core, ${Math.round(h.medianUs)} µs pieces of CPU work): p99 ${Math.round(h.p99Us)} µs, ` +
    `p99.9 ${ms(h.p999Us)} ms, max ${ms(h.maxUs)} ms; longest stretch of pieces slowed over 3× ${h.longestSlowMs.toFixed(1)} ms`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.send(measure(Number(process.argv[2] ?? 3)), () => process.exit(0));
}
