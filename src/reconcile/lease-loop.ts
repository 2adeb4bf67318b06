// A loop that runs only while this node holds a named lease in the store, so that among several
// vbrd nodes sharing a database exactly one drives a given control loop; when the holder dies the
// lease expires and another node takes over.
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';

export interface LeaseLoopOptions {
  store: Store;
  lease: string;
  holder: string;
  ttlMs: number;
  log: Logger;
  /** One pass of the loop's work; called only while the lease is held. */
  tick(): Promise<void>;
  /** Called when the lease is gained (true) or lost (false). */
  onLeadership?(held: boolean): void;
  intervalMs: number;
}

export class LeaseLoop {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private held = false;
  private stopped = false;
  private lastRenew = 0;
  private rerun = false;
  private nextAt = 0;

  constructor(private readonly o: LeaseLoopOptions) {}

  get isLeader(): boolean {
    return this.held;
  }

  start(): void {
    this.schedule(0);
  }

  /**
   * Run a pass soon (coalesced with one in flight). Only the holder responds: a node without the
   * lease would spend a database round trip per kick, and the holder finds the work by itself.
   */
  kick(delayMs = 0): void {
    if (this.stopped || !this.held) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.schedule(delayMs);
  }

  /** Run the next pass in `ms`, unless one is already due sooner. */
  private schedule(ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + ms;
    if (this.timer) {
      if (this.nextAt <= at) return;
      clearTimeout(this.timer);
    }
    this.nextAt = at;
    this.timer = setTimeout(() => void this.pass(), ms);
  }

  private async pass(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      if (await this.confirm()) await this.o.tick();
    } catch (e) {
      this.o.log.warn({ lease: this.o.lease, err: e }, 'control loop pass failed; retrying');
    } finally {
      this.running = false;
      const again = this.rerun;
      this.rerun = false;
      this.schedule(again ? 0 : this.o.intervalMs);
    }
  }

  /**
   * True when this node holds the lease for at least two thirds of its TTL from now, renewing it if
   * needed. A long pass calls this before each step that acts on the outside world, so that a node
   * whose lease ran out mid-pass stops instead of acting alongside the new holder.
   */
  async confirm(): Promise<boolean> {
    if (this.stopped) return false;
    const now = Date.now();
    if (this.held && now - this.lastRenew <= this.o.ttlMs / 3) return true;
    const got = await this.o.store.acquireLease(this.o.lease, this.o.holder, this.o.ttlMs);
    this.lastRenew = now;
    if (got !== this.held) {
      this.held = got;
      this.o.log.info({ lease: this.o.lease, holder: this.o.holder, held: got }, got ? 'lease acquired' : 'lease lost');
      this.o.onLeadership?.(got);
    }
    return got && !this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 5));
    if (this.held) await this.o.store.releaseLease(this.o.lease, this.o.holder).catch(() => undefined);
    this.held = false;
  }
}
