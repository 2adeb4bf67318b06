// The closed loop every bench applies: keep-alive connections over raw sockets, each sending its next
// request when the last answer has arrived, with percentiles and the CPU time per request of the
// server (read from /proc) and of this process. Answers are parsed by http-parser-js.
//
// Why not a load-testing library: every vbrd request is signed anew (a fresh nonce each), and
// autocannon, which builds such a request from an options object every time, spent 57–108 µs of
// its core per CreateBgpPeer and 68–105 per DescribeBgpPeers, about as much as the server it was
// to saturate (here: 34–63 for either, about 9 of them signing). A fixed request costs both the same.
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { HTTPParser } from 'http-parser-js';

/** A request's target and headers; the method is POST and the body empty. */
export interface Req {
  path: string;
  headers: Record<string, string>;
}

export interface Cell {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  firstError?: string;
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

/** The request as it goes on the wire: POST with an empty body, on a kept-alive connection. */
function wire(q: Req, port: number): string {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...q.headers, 'content-length': '0' };
  let text = `POST ${q.path} HTTP/1.1\r\n`;
  for (const name in headers) text += `${name}: ${headers[name]}\r\n`;
  return `${text}\r\n`;
}

/**
 * Closed loop: `conns` keep-alive connections, split evenly over `ports` (one server each), each
 * sending its next request as the last answer arrives; warm-up unrecorded, then `seconds` measured.
 * `request` is the same every time (put on the wire once), or made anew for each (a fresh nonce each).
 * An answer counts when it was asked for within the window, arrived within it, has status 200 and
 * `check` accepts its body. With `serverPid`, the cell also reports that process's CPU time per request.
 */
export async function load(
  w: Window,
  conns: number,
  ports: number[],
  request: Req | ((port: number) => Req),
  check?: (body: string) => boolean,
  serverPid?: number,
): Promise<Cell> {
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
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const fail = (what: string) => {
    const now = performance.now();
    if (now < measureFrom || now > end) return;
    errors++;
    firstError ??= what;
  };
  const fixed = typeof request === 'function' ? undefined : new Map(ports.map((port) => [port, wire(request, port)]));
  const next = (port: number) => fixed?.get(port) ?? wire((request as (port: number) => Req)(port), port);
  const sockets = new Set<Socket>();

  const open = (port: number): void => {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    sockets.add(socket);
    const parser = new HTTPParser(HTTPParser.RESPONSE);
    let sentAt = 0;
    let status = 0;
    let body: Buffer[] = [];
    const send = () => {
      sentAt = performance.now();
      socket.write(next(port));
    };
    parser[HTTPParser.kOnHeadersComplete] = (info) => {
      status = info.statusCode;
    };
    parser[HTTPParser.kOnBody] = (chunk: Buffer, offset: number, length: number) => {
      if (check || status !== 200) body.push(chunk.subarray(offset, offset + length));
    };
    parser[HTTPParser.kOnMessageComplete] = () => {
      const now = performance.now();
      const text = body.length ? Buffer.concat(body).toString() : '';
      body = [];
      if (sentAt >= measureFrom && now <= end) {
        if (status === 200 && (!check || check(text))) lat.push(now - sentAt);
        else fail(`${status} ${text.slice(0, 300)}`);
      }
      if (now < end) send();
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      const parsed = parser.execute(chunk);
      if (parsed instanceof Error) socket.destroy(parsed);
    });
    socket.on('error', (e) => fail(String(e)));
    socket.on('close', () => {
      // Closed by the server or by an unparsable answer: go on over a new connection, as a client would.
      if (sockets.delete(socket) && performance.now() < end) open(port);
    });
  };

  const measuring = setTimeout(sampleCpu, measureFrom - start);
  for (let i = 0; i < conns; i++) open(ports[i % ports.length]);
  await new Promise((resolve) => setTimeout(resolve, end - start));
  clearTimeout(measuring);
  sampleCpu();
  const stillOpen = [...sockets];
  sockets.clear(); // so that their close does not open new ones
  for (const s of stillOpen) s.destroy(); // answers still on their way are past the window
  lat.sort((a, b) => a - b);
  const q = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
  const [c0, c1] = cpu;
  const done = lat.length + errors;
  const cpuUs = c0 !== undefined && c1 !== undefined && done > 0 ? (c1 - c0) / done : undefined;
  const clientCpuUs = done > 0 ? (clientCpu[1] - clientCpu[0]) / done : undefined;
  return { rps: lat.length / w.seconds, p50: q(0.5), p99: q(0.99), ok: lat.length, errors, firstError, cpuUs, clientCpuUs };
}
