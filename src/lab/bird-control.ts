// A client for BIRD 2's control socket (what birdc speaks), without forking birdc.
// Each reply line is a 4-digit code, then '-' (more follows) or ' ' (last line), then text; a line that
// starts with a space continues the previous code. 0xxx = OK/progress, 8xxx/9xxx = errors.
import net from 'node:net';

export interface BirdReplyLine {
  code: number;
  text: string;
}

export class BirdCommandError extends Error {
  override name = 'BirdCommandError';
}

export class BirdControl {
  private socket: net.Socket | null = null;
  private buffer = '';
  private pending: { lines: BirdReplyLine[]; resolve: (l: BirdReplyLine[]) => void; reject: (e: Error) => void } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly socketPath: string) {}

  /** Runs one command; resolves with all reply lines, rejects on an 8xxx/9xxx error reply. */
  command(text: string): Promise<BirdReplyLine[]> {
    const run = async () => {
      const socket = await this.connected();
      const lines = await new Promise<BirdReplyLine[]>((resolve, reject) => {
        this.pending = { lines: [], resolve, reject };
        socket.write(text + '\n');
      });
      const error = lines.find((l) => l.code >= 8000);
      if (error) throw new BirdCommandError(`bird "${text}": ${lines.map((l) => l.text).join(' | ')}`);
      return lines;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Re-reads the configuration file (after the caller rewrote it). */
  async configure(): Promise<void> {
    await this.command('configure');
  }

  async protocols(): Promise<Map<string, BirdProtocolState>> {
    return parseProtocols(await this.command('show protocols all'));
  }

  /** Number of routes BIRD holds that came from BGP (what the customer received from the VBR). */
  async bgpRoutes(): Promise<string[]> {
    const lines = await this.command('show route where source = RTS_BGP');
    const prefixes: string[] = [];
    for (const l of lines) {
      if (l.code !== 1007) continue;
      const m = /^(\S+\/\d+)\s/.exec(l.text);
      if (m) prefixes.push(m[1]!);
    }
    return prefixes;
  }

  /** BFD sessions as BIRD sees them: peer IP → Up | Down | Init | AdminDown. */
  async bfdSessions(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const l of await this.command('show bfd sessions')) {
      const m = /^(\S+)\s+\S+\s+(Up|Down|Init|AdminDown)\s/.exec(l.text);
      if (l.code === 1020 && m) out.set(m[1]!, m[2]!);
    }
    return out;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private async connected(): Promise<net.Socket> {
    if (this.socket) return this.socket;
    const socket = net.createConnection(this.socketPath);
    this.buffer = '';
    this.socket = socket;
    socket.on('data', (d) => this.onData(d.toString('utf8')));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error(`bird control socket ${this.socketPath} closed`)));
    // BIRD greets every new connection with "0001 BIRD <version> ready."
    await new Promise<BirdReplyLine[]>((resolve, reject) => {
      this.pending = { lines: [], resolve, reject };
    });
    return socket;
  }

  private onData(text: string): void {
    this.buffer += text;
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      const p = this.pending;
      if (!p) continue;
      const m = /^(\d{4})([ -])(.*)$/.exec(line);
      if (m) {
        p.lines.push({ code: Number(m[1]), text: m[3]! });
        if (m[2] === ' ') {
          this.pending = null;
          p.resolve(p.lines);
        }
      } else {
        p.lines.push({ code: p.lines.at(-1)?.code ?? 0, text: line.slice(1) });
      }
    }
  }

  private fail(error: Error): void {
    this.socket?.destroy();
    this.socket = null;
    const p = this.pending;
    this.pending = null;
    p?.reject(error);
  }
}

export interface BirdProtocolState {
  proto: string;
  /** BIRD's protocol state: up, start, down… */
  state: string;
  /** BGP state for BGP protocols: Idle, Connect, Active, OpenSent, OpenConfirm, Established. */
  bgpState?: string;
  neighbor?: string;
  importedRoutes?: number;
  exportedRoutes?: number;
  lastError?: string;
}

export function parseProtocols(lines: BirdReplyLine[]): Map<string, BirdProtocolState> {
  const out = new Map<string, BirdProtocolState>();
  let current: BirdProtocolState | null = null;
  for (const { code, text } of lines) {
    if (code === 1002) {
      const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(text);
      if (!m || m[1] === 'Name') {
        current = null;
        continue;
      }
      current = { proto: m[2]!, state: m[4]! };
      out.set(m[1]!, current);
    } else if (code === 1006 && current) {
      let m: RegExpExecArray | null;
      if ((m = /^\s*BGP state:\s+(\S+)/.exec(text))) current.bgpState = m[1]!;
      else if ((m = /^\s*Neighbor address:\s+(\S+)/.exec(text))) current.neighbor = m[1]!;
      else if ((m = /^\s*Last error:\s+(.*)$/.exec(text))) current.lastError = m[1]!;
      else if ((m = /^\s*Routes:\s+(\d+) imported,(?: \d+ filtered,)? (\d+) exported/.exec(text))) {
        current.importedRoutes = Number(m[1]);
        current.exportedRoutes = Number(m[2]);
      }
    }
  }
  return out;
}
