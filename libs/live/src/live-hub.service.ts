import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CatalogueCache } from '@app/catalogue';
import {
  IndicatorPoint,
  KeyPrincipal,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  seriesId,
  SubscribeAck,
  SubscribeRequest,
} from '@app/contracts';
import { ScopeForbiddenError, SeriesSelection } from '@app/selection';
import { TIME_SERIES_STORE, TimeSeriesStore } from '@app/timeseries';
import type { Socket } from 'socket.io';
import { canResume } from './cursor-window.util';
import { compareIds } from './live-stream.util';
import { LiveStreamReader, StreamEntry } from './live-stream.reader';

export type LiveSocket = Socket<LiveClientToServerEvents, LiveServerToClientEvents>;

/** Packets waiting in a socket's buffer beyond which its updates are conflated (newest per series). */
const SLOW_CLIENT_BUFFER = 64;
/** Entries read per XRANGE while replaying a resume. */
const REPLAY_CHUNK = 500;

interface Subscription {
  socket: LiveSocket;
  selection: SeriesSelection;
  /** Entries at or before this id are already covered (snapshot or the client's cursor). */
  afterId: string;
  /** Snapshot ts per series: nothing older is sent after it. */
  floor: Map<string, number>;
  /** Live entries held back while the snapshot or the replay is under way. */
  held: StreamEntry[] | null;
  /** Conflated points of a slow client, newest per series. */
  pending: Map<string, IndicatorPoint> | null;
  pendingCursor: string;
}

/**
 * The gateway's fan-out: keeps each socket's subscription, answers `subscribe` with a snapshot or
 * a replay, and hands every live stream entry to the sockets it matches.
 */
@Injectable()
export class LiveHub implements OnModuleInit {
  private readonly logger = new Logger('LiveHub');
  private readonly subs = new Map<string, Subscription>();
  /** Newest ts pushed per series: a late (older) point is stored but not pushed live. */
  private readonly newest = new Map<string, number>();

  constructor(
    private readonly reader: LiveStreamReader,
    private readonly catalogue: CatalogueCache,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
  ) {}

  onModuleInit(): void {
    this.reader.onEntry((entry) => this.onEntry(entry));
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  async subscribe(socket: LiveSocket, principal: KeyPrincipal, req: SubscribeRequest): Promise<SubscribeAck> {
    let selection: SeriesSelection;
    try {
      selection = SeriesSelection.resolve(req, principal, this.catalogue);
    } catch (err) {
      if (err instanceof ScopeForbiddenError) return { ok: false, error: 'forbidden' };
      throw err;
    }
    const headId = this.reader.lastId;
    const sub: Subscription = {
      socket,
      selection,
      afterId: headId,
      floor: new Map(),
      held: [],
      pending: null,
      pendingCursor: headId,
    };
    this.subs.set(socket.id, sub);

    if (req.cursor) {
      const window = await this.reader.window();
      if (canResume(req.cursor, window)) {
        sub.afterId = req.cursor;
        // The ack goes first; the missed entries follow, then whatever arrived meanwhile.
        setImmediate(() => void this.replay(sub, req.cursor!, headId));
        return { ok: true, snapshot: [], cursor: req.cursor };
      }
    }
    const snapshot = await this.snapshot(selection);
    for (const p of snapshot) sub.floor.set(seriesId(p), p.ts);
    setImmediate(() => this.release(sub));
    return req.cursor ? { ok: true, resync: true, snapshot, cursor: headId } : { ok: true, snapshot, cursor: headId };
  }

  unsubscribe(socket: LiveSocket): void {
    this.subs.delete(socket.id);
  }

  private async snapshot(selection: SeriesSelection): Promise<IndicatorPoint[]> {
    const series = selection.series();
    if (series.length === 0) return [];
    const latest = await this.store.latest(series);
    const out: IndicatorPoint[] = [];
    latest.forEach((v, i) => v && out.push({ ...series[i], ts: v.ts, value: v.value }));
    return out;
  }

  private async replay(sub: Subscription, cursor: string, headId: string): Promise<void> {
    try {
      let after = cursor;
      const newest = new Map<string, number>();
      while (compareIds(after, headId) < 0 && this.subs.get(sub.socket.id) === sub) {
        const entries = await this.reader.range(after, headId, REPLAY_CHUNK);
        if (entries.length === 0) break;
        for (const e of entries) this.send(sub, e.id, withoutLate(e.points, newest));
        after = entries[entries.length - 1].id;
      }
      if (compareIds(sub.afterId, headId) < 0) sub.afterId = headId;
    } catch (err) {
      this.logger.warn(`replay for ${sub.socket.id} failed: ${(err as Error).message}; disconnecting it`);
      sub.socket.disconnect(true);
      return;
    }
    this.release(sub);
  }

  /** Ends the hold: delivers the entries that arrived during the snapshot or the replay. */
  private release(sub: Subscription): void {
    const held = sub.held ?? [];
    sub.held = null;
    for (const e of held) this.deliver(sub, e);
  }

  private onEntry(entry: StreamEntry): void {
    const fresh = withoutLate(entry.points, this.newest);
    if (fresh.length === 0) return;
    const e = { id: entry.id, points: fresh };
    for (const sub of this.subs.values()) this.deliver(sub, e);
  }

  private deliver(sub: Subscription, entry: StreamEntry): void {
    if (compareIds(entry.id, sub.afterId) <= 0) return;
    if (sub.held) {
      sub.held.push(entry);
      return;
    }
    this.send(sub, entry.id, entry.points);
  }

  private send(sub: Subscription, cursor: string, points: readonly IndicatorPoint[]): void {
    const matched: IndicatorPoint[] = [];
    for (const p of points) {
      if (!sub.selection.matches(p.indicator, p.scope)) continue;
      if (sub.floor.size > 0) {
        const floor = sub.floor.get(seriesId(p));
        if (floor !== undefined && p.ts < floor) continue;
      }
      matched.push(p);
    }
    if (matched.length === 0) return;
    if (sub.pending || bufferedPackets(sub.socket) > SLOW_CLIENT_BUFFER) {
      this.conflate(sub, cursor, matched);
      return;
    }
    sub.socket.emit('values', { cursor, points: matched });
  }

  /** A slow client gets the newest value of each series once its buffer drains (never an older one). */
  private conflate(sub: Subscription, cursor: string, points: IndicatorPoint[]): void {
    if (!sub.pending) {
      sub.pending = new Map();
      sub.socket.conn.once('drain', () => this.flush(sub));
    }
    for (const p of points) {
      const id = seriesId(p);
      const prev = sub.pending.get(id);
      if (!prev || prev.ts <= p.ts) sub.pending.set(id, p);
    }
    sub.pendingCursor = cursor;
  }

  private flush(sub: Subscription): void {
    const pending = sub.pending;
    sub.pending = null;
    if (!pending || this.subs.get(sub.socket.id) !== sub) return;
    const points = [...pending.values()].sort((a, b) => a.ts - b.ts);
    sub.socket.emit('values', { cursor: sub.pendingCursor, points });
  }
}

/** Packets engine.io holds for this socket, not yet written (its writeBuffer is not in the public types). */
function bufferedPackets(socket: LiveSocket): number {
  return (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
}

/** Drops points older than the newest already seen for their series (and records the new newest). */
function withoutLate(points: readonly IndicatorPoint[], newest: Map<string, number>): IndicatorPoint[] {
  const out: IndicatorPoint[] = [];
  for (const p of points) {
    const id = seriesId(p);
    const seen = newest.get(id);
    if (seen !== undefined && p.ts < seen) continue;
    newest.set(id, p.ts);
    out.push(p);
  }
  return out;
}
