// The closed-loop load every bench applies, driven by autocannon, with percentiles and the CPU time
// per request of the server (read from /proc) and of this process.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

/** A request's target and headers; the method is POST and the body empty. */
export interface Req { path: string; headers: Record<string, string> }

export interface Cell {
  rps: number; p50: number; p99: number; ok: number; errors: number; firstError?: string;
  /** The server's CPU time (user + system) per request over the measured window, when its pid was given. */
  cpuUs?: number;
  /** The load generator's own CPU time per request over the measured window: near 1e6 / rps, it set the pace. */
  clientCpuUs?: number;
}

/** USER_HZ: /proc counts CPU time in ticks of 1/100 s on Linux. */
const CLOCK_TICKS = 100;

/**
 * A process's CPU time so far in µs, from /proc (Linux); undefined elsewhere. Steadier than a rate on
 * a shared machine: it does not count the time the server waited for a core.
 */
export function cpuMicros(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1e6 / CLOCK_TICKS);
  } catch {
    return undefined;
  }
}

export interface Window {
  /** Unrecorded seconds first. */
  warmup: number;
  /** Measured seconds. */
  seconds: number;
}

/**
 * Closed loop, driven by autocannon: `conns` keep-alive connections, split evenly over `ports` (one
 * server each), each sending its next request as the last answer arrives; warm-up unrecorded, then
 * `seconds` measured. `request` is the same every time, or made anew for each (a fresh nonce each):
 * a fixed one is built once, so that against a bare server the load generator costs less than it.
 * An answer counts when its status is 200 and `check` accepts its body. With `serverPid`, the cell
 * also reports that process's CPU time per request.
 */
export async function load(w: Window, conns: number, ports: number[], request: Req | ((port: number) => Req), check?: (body: string) => boolean, serverPid?: number): Promise<Cell> {
  const start = performance.now();
  const measureFrom = start + w.warmup * 1000;
  const end = measureFrom + w.seconds * 1000;
  const cpu: (number | undefined)[] = [];
  const clientCpu: number[] = [];
  const sampleCpu = () => {
    if (serverPid !== undefined) cpu.push(cpuMicros(serverPid));
    const own = process.cpuUsage();
    clientCpu.push(own.user + own.system);
  };
  const timers = [setTimeout(sampleCpu, measureFrom - start), setTimeout(sampleCpu, end - start)];
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const asSent = (q: Req) => ({ method: 'POST' as const, path: q.path, headers: { ...q.headers, 'content-length': '0' } });
  const runs = ports.map((port, i) => new Promise<void>((resolve, reject) => {
    // autocannon reports an answer's status and time first, then (with a check) hands its body to verifyBody.
    let counted = false;
    let status = 0;
    let ms = 0;
    const settle = (ok: boolean, body: string) => {
      if (counted && ok) lat.push(ms);
      else if (counted) {
        errors++;
        firstError ??= `${status} ${body.slice(0, 300)}`;
      }
      return ok;
    };
    const instance = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: Math.floor(conns / ports.length) + (i < conns % ports.length ? 1 : 0),
      duration: w.warmup + w.seconds,
      requests: [typeof request === 'function' ? { setupRequest: (r) => ({ ...r, ...asSent(request(port)) }) } : asSent(request)],
      verifyBody: check && ((body) => settle(status === 200 && check(String(body)), String(body))),
    }, (err) => (err ? reject(err) : resolve()));
    instance.on('response', (_client, statusCode, _bytes, responseMs) => {
      const t1 = performance.now();
      counted = t1 - responseMs >= measureFrom && t1 <= end;
      status = statusCode;
      ms = responseMs;
      if (!check) settle(status === 200, '');
    });
    instance.on('reqError', (e: Error) => {
      const now = performance.now();
      if (now < measureFrom || now > end) return;
      errors++;
      firstError ??= String(e);
    });
  }));
  await Promise.all(runs);
  // The runs can end in the same pass as the window, before its timer has run: the cell then
  // showed no CPU figure.
  if (clientCpu.length === 1) sampleCpu();
  for (const t of timers) clearTimeout(t);
  lat.sort((a, b) => a - b);
  const q = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
  const [c0, c1] = cpu;
  const done = lat.length + errors;
  const cpuUs = c0 !== undefined && c1 !== undefined && done > 0 ? (c1 - c0) / done : undefined;
  const clientCpuUs = done > 0 ? (clientCpu[1] - clientCpu[0]) / done : undefined;
  return { rps: lat.length / w.seconds, p50: q(0.5), p99: q(0.99), ok: lat.length, errors, firstError, cpuUs, clientCpuUs };
}
