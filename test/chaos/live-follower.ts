import type { SubscribeAck, SubscribeRequest, ValuesEvent } from '@app/contracts';
import type { Socket } from 'socket.io-client';
import { connected, connectLive } from '../support/live';
import type { RunningService } from '../support/service';
import { sleep, withTimeout } from './chaos-harness';
import { pointId } from './ingest-load';

export interface FollowerOptions {
  name: string;
  key: string;
  filter: Omit<SubscribeRequest, 'cursor'>;
  /** Gateways that are up now. */
  gateways: () => RunningService[];
  /** Series index by `indicator \0 scope` (see seriesIndex). */
  index: Map<string, number>;
  t0: number;
  log: (message: string) => void;
  /** Index (among the gateways up) of the first gateway to try: spreads the clients. */
  firstGateway?: number;
}

export interface FollowerVerdict {
  name: string;
  expected: number;
  seen: number;
  /** Accepted points of the subscription never received, that the late rule explains. */
  lateNotPushed: number;
  /** Accepted points of the subscription never received, that nothing explains. */
  gaps: number;
  duplicates: number;
  outOfOrder: number;
  resyncs: number;
  reconnects: number;
  subscribeErrors: number;
  samples: string[];
}

/**
 * A live client that follows its cursor across gateway deaths: on a disconnect it connects to
 * another gateway that is up and subscribes with the last cursor it saw. It records every point it
 * receives and every duplicate or out-of-order one (per series, by ts).
 */
export class LiveFollower {
  readonly seen = new Set<number>();
  private readonly newest = new Map<number, number>();
  duplicates = 0;
  outOfOrder = 0;
  resyncs = 0;
  reconnects = 0;
  subscribeErrors = 0;
  events = 0;
  readonly samples: string[] = [];
  private cursor: string | undefined;
  private socket: Socket | undefined;
  private gateway: RunningService | undefined;
  private stopped = false;
  private generation = 0;

  constructor(private readonly opts: FollowerOptions) {}

  get name(): string {
    return this.opts.name;
  }

  /** Connects and subscribes (resolves once subscribed, rejects after 20 s). */
  start(): Promise<void> {
    return withTimeout(this.follow(this.generation), 20_000, `${this.name}: first subscription`);
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  private async follow(generation: number): Promise<void> {
    let attempt = this.gateway ? 0 : (this.opts.firstGateway ?? 0);
    while (!this.stopped && generation === this.generation) {
      const up = this.opts.gateways();
      const others = up.filter((g) => g !== this.gateway);
      const pool = others.length > 0 ? others : up;
      if (pool.length === 0) {
        await sleep(100);
        continue;
      }
      const gateway = pool[attempt++ % pool.length];
      const socket = connectLive(gateway, this.opts.key);
      let subscribed = false;
      let gotValues = false;
      socket.on('values', (ev: ValuesEvent) => {
        gotValues = true;
        this.onValues(ev);
      });
      socket.on('disconnect', (reason) => {
        if (!subscribed || this.stopped || this.socket !== socket) return;
        this.reconnects++;
        this.opts.log(`${this.name}: disconnected from :${gateway.port} (${reason}); resuming at ${this.cursor}`);
        this.generation++;
        void this.follow(this.generation);
      });
      try {
        await withTimeout(connected(socket), 3000, 'connect');
        const request: SubscribeRequest = { ...this.opts.filter, ...(this.cursor ? { cursor: this.cursor } : {}) };
        const ack = (await withTimeout(socket.emitWithAck('subscribe', request), 5000, 'subscribe')) as SubscribeAck;
        if (!ack.ok) throw new Error(`subscribe answered ${JSON.stringify(ack)}`);
        if (ack.resync) {
          this.resyncs++;
          this.note(`resync on :${gateway.port} for cursor ${this.cursor}`);
        }
        if (!gotValues) this.cursor = ack.cursor;
        for (const p of ack.snapshot) this.onPoint(p);
        this.socket = socket;
        this.gateway = gateway;
        subscribed = true;
        if (!socket.connected && !this.stopped) {
          // It died between the ack and now: its disconnect handler did not run for it.
          this.socket = undefined;
          continue;
        }
        return;
      } catch (err) {
        this.subscribeErrors++;
        socket.close();
        if (this.subscribeErrors <= 20) this.opts.log(`${this.name}: on :${gateway.port}: ${(err as Error).message}`);
        await sleep(100);
      }
    }
  }

  private onValues(ev: ValuesEvent): void {
    this.events++;
    this.cursor = ev.cursor;
    for (const p of ev.points) this.onPoint(p);
  }

  private onPoint(p: { indicator: string; scope: string; ts: number }): void {
    const s = this.opts.index.get(`${p.indicator}\u0000${p.scope}`);
    if (s === undefined) return;
    const id = pointId(s, p.ts, this.opts.t0);
    if (this.seen.has(id)) {
      this.duplicates++;
      this.note(`duplicate ${p.indicator}/${p.scope} ts=t0+${p.ts - this.opts.t0}`);
      return;
    }
    this.seen.add(id);
    const newest = this.newest.get(s);
    if (newest !== undefined && p.ts < newest) {
      this.outOfOrder++;
      this.note(
        `out of order ${p.indicator}/${p.scope} ts=t0+${p.ts - this.opts.t0} after t0+${newest - this.opts.t0}`,
      );
    } else this.newest.set(s, p.ts);
  }

  private note(sample: string): void {
    if (this.samples.length < 6) this.samples.push(sample);
  }

  /** Which of the expected point ids never arrived, split by what the late rule explains. */
  missing(expected: readonly number[], late: ReadonlySet<number>): { late: number; gaps: number[] } {
    let lateCount = 0;
    const gaps: number[] = [];
    for (const id of expected) {
      if (this.seen.has(id)) continue;
      if (late.has(id)) lateCount++;
      else gaps.push(id);
    }
    return { late: lateCount, gaps };
  }

  verdict(expected: readonly number[], late: ReadonlySet<number>): FollowerVerdict {
    const { late: lateNotPushed, gaps } = this.missing(expected, late);
    return {
      name: this.name,
      expected: expected.length,
      seen: this.seen.size,
      lateNotPushed,
      gaps: gaps.length,
      duplicates: this.duplicates,
      outOfOrder: this.outOfOrder,
      resyncs: this.resyncs,
      reconnects: this.reconnects,
      subscribeErrors: this.subscribeErrors,
      samples: this.samples,
    };
  }
}
