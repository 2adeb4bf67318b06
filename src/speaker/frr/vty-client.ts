// A client for one FRR daemon's vty unix socket (<run dir>/<daemon>.vty), the same protocol vtysh uses:
// write "<command>\0"; the daemon answers "<output>\0\0\0<status byte>". A new connection starts in view
// mode, so the client sends `enable` first. One command is in flight per connection: FRR answers in order
// and has no request ids, so commands are queued. A closed connection (e.g. the daemon restarted) is
// reopened on the next command.
import net from 'node:net';

/** Status byte values from FRR's lib/command.h. */
export const VtyStatus = {
  success: 0,
  warning: 1,
  noMatch: 2,
  ambiguous: 3,
  incomplete: 4,
} as const;

export interface VtyReply {
  status: number;
  output: string;
}

/**
 * Text from or for a vty with every password (a neighbor's TCP-MD5 key, a BGP group's AuthKey) masked:
 * what goes into error messages, and from there into logs and VbrdApplyError. FRR echoes a rejected
 * command in its reply.
 */
export function withoutSecrets(text: string): string {
  return text.replace(/(\bpassword\s+)\S+/g, '$1********');
}

/** A command the daemon refused; masked throughout, as loggers copy an error's own fields too. */
export class VtyCommandError extends Error {
  readonly command: string;
  readonly reply: VtyReply;

  constructor(command: string, reply: VtyReply) {
    super(withoutSecrets(`vty command "${command}" failed with status ${reply.status}: ${reply.output.trim()}`));
    this.name = 'VtyCommandError';
    this.command = withoutSecrets(command);
    this.reply = { status: reply.status, output: withoutSecrets(reply.output) };
  }
}

export interface VtyClientOptions {
  /** Per-command deadline; a daemon that does not answer in time has its connection dropped. */
  commandTimeoutMs?: number;
}

interface Pending {
  resolve: (reply: VtyReply) => void;
  reject: (error: Error) => void;
}

export class VtyClient {
  private socket: net.Socket | null = null;
  private connecting: Promise<net.Socket> | null = null;
  private chunks: Buffer[] = [];
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly commandTimeoutMs: number;

  constructor(
    readonly socketPath: string,
    options: VtyClientOptions = {},
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 15_000;
  }

  /** Runs one command; resolves with whatever status the daemon returned. */
  exec(command: string): Promise<VtyReply> {
    const run = () => this.runOne(command);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs one command and rejects unless the daemon reports success. */
  async execOk(command: string): Promise<string> {
    const reply = await this.exec(command);
    if (reply.status !== VtyStatus.success) throw new VtyCommandError(command, reply);
    return reply.output;
  }

  async json(command: string): Promise<unknown> {
    const output = await this.execOk(command);
    const text = output.trim();
    return text === '' ? {} : (JSON.parse(text) as unknown);
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
  }

  private async runOne(command: string): Promise<VtyReply> {
    if (this.closed) throw new Error(`vty client for ${this.socketPath} is closed`);
    const socket = await this.ensureConnected();
    return this.roundTrip(socket, command);
  }

  private roundTrip(socket: net.Socket, command: string): Promise<VtyReply> {
    return new Promise<VtyReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.dropConnection(new Error(withoutSecrets(`vty command "${command}" timed out after ${this.commandTimeoutMs} ms`)));
      }, this.commandTimeoutMs);
      this.chunks = [];
      this.pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      socket.write(command + '\0');
    });
  }

  private ensureConnected(): Promise<net.Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    if (!this.connecting) {
      this.connecting = this.open().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async open(): Promise<net.Socket> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.createConnection(this.socketPath);
      s.once('error', reject);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(s);
      });
    });
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('error', (error) => this.dropConnection(error));
    socket.on('close', () => this.dropConnection(new Error(`vty connection to ${this.socketPath} closed`)));
    this.socket = socket;
    const reply = await this.roundTrip(socket, 'enable');
    if (reply.status !== VtyStatus.success) {
      this.dropConnection(new VtyCommandError('enable', reply));
      throw new VtyCommandError('enable', reply);
    }
    return socket;
  }

  private onData(data: Buffer): void {
    this.chunks.push(data);
    const all = this.chunks.length === 1 ? data : Buffer.concat(this.chunks);
    this.chunks = [all];
    const end = findReplyEnd(all);
    if (end < 0) return;
    const reply: VtyReply = { status: all[end + 3]!, output: all.subarray(0, end).toString('utf8') };
    this.chunks = [];
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(reply);
  }

  private dropConnection(error: Error): void {
    const socket = this.socket;
    this.socket = null;
    this.chunks = [];
    const pending = this.pending;
    this.pending = null;
    socket?.destroy();
    pending?.reject(error);
  }
}

/** Index of the "\0\0\0" that precedes the status byte, or -1 while the reply is incomplete. */
function findReplyEnd(buf: Buffer): number {
  const n = buf.length;
  if (n < 4) return -1;
  // FRR output never contains NUL bytes, so the first "\0\0\0" followed by a byte ends the reply.
  const i = buf.indexOf('\0\0\0');
  return i >= 0 && i + 3 < n ? i : -1;
}
