// vbrd as a BMP collector (RFC 7854) for bgpd's BMP module. bgpd's default VRF lives in the provider's host
// network namespace, whose loopback vbrd cannot reach from its own namespace. So a short-lived child
// (node, under `nsenter --net`) opens the listening socket inside that namespace and hands it to vbrd over
// Node's IPC channel: the socket stays in the namespace it was made in, vbrd accepts on it, and nothing
// listens anywhere but on that namespace's 127.0.0.1.
import { spawn } from 'node:child_process';
import type { Server, Socket } from 'node:net';
import { BmpFramer, type BmpMessage } from './bmp.js';

/** The port vbrd asks for; any free one when taken. Kept stable so an adopted bgpd's configuration still holds. */
export const DEFAULT_BMP_PORT = 11019;
const OPEN_TIMEOUT_MS = 10_000;

export interface BmpCollectorOptions {
  /** The network namespace (a name under /run/netns) to listen in, on 127.0.0.1. */
  namespace: string;
  port?: number;
  /** Every message from every connection, in the order each connection sent them. */
  onMessage(message: BmpMessage): void;
  /** A connection opened or closed: what was sent while none was open is lost, so read everything back. */
  onConnectionChange(open: number): void;
  log?: (message: string) => void;
}

/** The listener's code in the child: listen, hand the socket to the parent, exit. CommonJS, as `node -e` runs it. */
const LISTEN_AND_HAND_OVER = `
const net = require('node:net');
const wanted = Number(process.argv[1]);
const send = (s) => process.send({ port: s.address().port }, s, () => process.exit(0));
const s = net.createServer();
s.once('error', (e) => {
  if (e.code !== 'EADDRINUSE' || wanted === 0) { console.error(String(e)); process.exit(1); }
  const any = net.createServer();
  any.listen({ host: '127.0.0.1', port: 0 }, () => send(any));
});
s.listen({ host: '127.0.0.1', port: wanted }, () => send(s));
`;

export class BmpCollector {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly o: BmpCollectorOptions) {}

  /** Connections open now (one per BGP instance with a BMP target). */
  get connections(): number {
    return this.sockets.size;
  }

  /** Opens the listener in the namespace; resolves with its port. */
  async start(): Promise<number> {
    const server = await listenIn(this.o.namespace, this.o.port ?? DEFAULT_BMP_PORT);
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    server.on('connection', (socket) => this.accept(socket));
    server.on('error', (e) => this.o.log?.(`frr: the BMP listener failed: ${e.message}`));
    return this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private accept(socket: Socket): void {
    const framer = new BmpFramer();
    this.sockets.add(socket);
    socket.setNoDelay(true);
    this.o.onConnectionChange(this.sockets.size);
    socket.on('data', (chunk: Buffer) => {
      let messages: BmpMessage[];
      try {
        messages = framer.push(chunk);
      } catch (e) {
        this.o.log?.(`frr: closing a BMP connection that sent ${(e as Error).message}`);
        socket.destroy();
        return;
      }
      for (const m of messages) this.o.onMessage(m);
    });
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      if (!this.sockets.delete(socket)) return;
      if (this.server) this.o.onConnectionChange(this.sockets.size);
    });
  }
}

function listenIn(namespace: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn('nsenter', [`--net=/run/netns/${namespace}`, process.execPath, '-e', LISTEN_AND_HAND_OVER, String(port)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`opening the BMP listener in ${namespace} took over ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
    child.once('message', (_m, handle) => {
      clearTimeout(timer);
      if (handle && typeof (handle as Server).address === 'function') resolve(handle as Server);
      else reject(new Error(`the BMP listener in ${namespace} came without its socket`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      // After a hand-over resolve() has run already and this does nothing.
      reject(new Error(`opening the BMP listener in ${namespace} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}
