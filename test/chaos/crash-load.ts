// The write load of the crash suite: workers that create and delete VBRs and BGP groups with
// ClientTokens, each on its own VLANs, and a ledger of every write the server acknowledged. A call
// that gets no answer (the server was killed under it) is retried with the same ClientToken, as a
// client would, until the restarted server answers; only then is it acknowledged (or refused).
import { rawCall, type AccessKey, type RpcAnswer } from '../../src/library/rpc.js';

export const REGION = 'cn-hangzhou';

/** A seeded generator, so that a seed names one sequence of choices. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface Call {
  action: string;
  params: Record<string, string>;
}

/** An acknowledged create: the request that made it (to replay its token) and the id it answered. */
export interface Created {
  id: string;
  kind: 'vbr' | 'group';
  call: Call;
  /** Whether a delete of it was acknowledged since. */
  deleted: boolean;
  /** The VBR of a group. */
  vbrId?: string;
  /** What was asked of it since and how it was answered, for a failure's message. */
  history: string[];
  /** The round it was acknowledged in, the request id and how many attempts it took. */
  acknowledged: string;
}

/** Where the server is now, and a way to wait for it while it restarts. */
export class Endpoint {
  private current = '';
  private up: Promise<void> = Promise.resolve();
  private markUp: () => void = () => undefined;

  get(): string {
    return this.current;
  }

  down(): void {
    this.up = new Promise((r) => (this.markUp = r));
  }

  set(endpoint: string): void {
    this.current = endpoint;
    this.markUp();
  }

  whenUp(): Promise<void> {
    return this.up;
  }
}

export interface LoadFigures {
  acknowledged: number;
  refused: number;
  /** Calls the server did not answer (killed under them), sent again with their token until it did. */
  retried: number;
}

/** The VBRs and groups the server acknowledged, by id, and the load's figures. */
export class Ledger {
  readonly created = new Map<string, Created>();
  round = 0;
  readonly figures: LoadFigures = { acknowledged: 0, refused: 0, retried: 0 };
}

/**
 * Sends a call until it is answered: no answer or a 5xx (a server killed mid-request) waits for the
 * server to be back and sends it again, ClientToken and all, with a fresh nonce.
 */
export async function answered(endpoint: Endpoint, key: AccessKey, call: Call, ledger?: Ledger): Promise<RpcAnswer & { attempts: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const a = await rawCall(`http://${endpoint.get()}`, key, call.action, call.params);
      if (a.status < 500) {
        if (attempt > 0 && ledger) ledger.figures.retried++;
        return { ...a, attempts: attempt + 1 };
      }
    } catch {
      // No answer: the server is gone. Wait for it below.
    }
    await Promise.race([endpoint.whenUp(), new Promise((r) => setTimeout(r, 100))]);
  }
}

export interface WorkerOptions {
  index: number;
  circuit: string;
  /** The first of this worker's VLANs; it uses `span` of them. */
  firstVlan: number;
  span: number;
  random: () => number;
  endpoint: Endpoint;
  key: AccessKey;
  ledger: Ledger;
}

/**
 * One client: creates VBRs and groups, deletes them, and records what was acknowledged. It keeps what
 * it made and its token serial across runs, so a token is never reused for another request.
 */
export class Worker {
  private readonly vbrs: Created[] = [];
  private readonly groups: Created[] = [];
  private serial = 0;

  constructor(private readonly o: WorkerOptions) {}

  private token(): string {
    return `crash-w${this.o.index}-${++this.serial}`;
  }

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(this.o.random() * xs.length)];
  }

  /** Calls until running() says stop; the call under way when it does is still answered. */
  async run(running: () => boolean): Promise<void> {
    const o = this.o;
    while (running()) {
      const { call, onOk, about } = this.next();
      const a = await answered(o.endpoint, o.key, call, o.ledger);
      about?.history.push(
        `${call.action} ${call.params.ClientToken}: ${a.status === 200 ? 'OK' : String(a.body.Code)} after ${a.attempts} attempt(s)`,
      );
      if (a.status === 200) {
        o.ledger.figures.acknowledged++;
        onOk({
          ...a.body,
          acknowledged: `in round ${o.ledger.round}, request ${String(a.body.RequestId)}, after ${a.attempts} attempt(s)`,
        });
      } else o.ledger.figures.refused++;
    }
  }

  /** The next call, drawn: mostly creations, some deletions of what this worker made. */
  private next(): { call: Call; onOk: (body: Record<string, unknown>) => void; about?: Created } {
    const o = this.o;
    const liveVbrs = this.vbrs.filter((v) => !v.deleted);
    const liveGroups = this.groups.filter((g) => !g.deleted);
    // VBRs whose groups were all deleted (the server still refuses while they are going).
    const bare = liveVbrs.filter((x) => !liveGroups.some((g) => g.vbrId === x.id));
    const r = o.random();
    if (liveVbrs.length < 2 || r < 0.3) {
      const call: Call = {
        action: 'CreateVirtualBorderRouter',
        params: {
          RegionId: REGION,
          PhysicalConnectionId: o.circuit,
          VlanId: String(o.firstVlan + (this.serial % o.span)),
          LocalGatewayIp: '10.0.0.1',
          PeerGatewayIp: '10.0.0.2',
          PeeringSubnetMask: '255.255.255.252',
          ClientToken: this.token(),
        },
      };
      return {
        call,
        onOk: (b) => {
          const c: Created = { id: String(b.VbrId), kind: 'vbr', call, deleted: false, history: [], acknowledged: String(b.acknowledged) };
          this.vbrs.push(c);
          o.ledger.created.set(c.id, c);
        },
      };
    }
    if (r < 0.65 || (liveGroups.length === 0 && bare.length === 0)) {
      const vbr = this.pick(liveVbrs);
      const call: Call = {
        action: 'CreateBgpGroup',
        params: { RegionId: REGION, RouterId: vbr.id, PeerAsn: '65001', ClientToken: this.token() },
      };
      return {
        call,
        onOk: (b) => {
          const c: Created = {
            id: String(b.BgpGroupId),
            kind: 'group',
            call,
            deleted: false,
            vbrId: vbr.id,
            history: [],
            acknowledged: String(b.acknowledged),
          };
          this.groups.push(c);
          o.ledger.created.set(c.id, c);
        },
      };
    }
    if ((r < 0.85 && liveGroups.length > 0) || bare.length === 0) {
      const g = this.pick(liveGroups);
      return {
        call: { action: 'DeleteBgpGroup', params: { RegionId: REGION, BgpGroupId: g.id, ClientToken: this.token() } },
        onOk: () => (g.deleted = true),
        about: g,
      };
    }
    const v = this.pick(bare);
    return {
      call: { action: 'DeleteVirtualBorderRouter', params: { RegionId: REGION, VbrId: v.id, ClientToken: this.token() } },
      onOk: () => (v.deleted = true),
      about: v,
    };
  }
}
