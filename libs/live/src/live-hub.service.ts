import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CatalogueCache } from '@app/catalogue';
import { AppConfig } from '@app/config';
import {
  alertIn,
  type AlertLang,
  IndicatorPoint,
  KeyPrincipal,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  seriesId,
  SubscribeAck,
  SubscribeRequest,
} from '@app/contracts';
import { ScopeForbiddenError, SeriesSelection } from '@app/selection';
import { withReadTimeout } from '@app/redis';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '@app/timeseries';
import type { Socket } from 'socket.io';
import { canResume } from './cursor-window.util';
import { LiveLimits, ReplayTicket } from './live-limits.service';
import { compareIds, isStreamId } from './live-stream.util';
import { LiveStreamReader, StreamEntry } from './live-stream.reader';
import { pointsOfIndicators } from './recent-entries';
import { Snapshot, SnapshotCache, snapshotOf } from './snapshot-cache';

export type LiveSocket = Socket<LiveClientToServerEvents, LiveServerToClientEvents>;

/** Packets waiting in a socket's buffer beyond which its updates are conflated (newest per series). */
const SLOW_CLIENT_BUFFER = 64;
/** A resume sends its next read only when the socket holds fewer packets than this... */
const REPLAY_BUFFER = 8;
/** ...and gives up on a socket that does not drain for this long. */
const REPLAY_DRAIN_MS = 30_000;
/** A resume this close to the start of the replay window checks, before each read, that nothing after it was trimmed. */
const WINDOW_MARGIN_MS = 30_000;

interface Subscription {
  socket: LiveSocket;
  /** The filters asked for (as the presence list shows them). */
  request: Omit<SubscribeRequest, 'cursor'>;
  selection: SeriesSelection;
  /** Entries at or before this id are covered (sent, or in the snapshot). */
  afterId: string;
  /** False while the subscription catches up from its position (a resume, or a snapshot's head). */
  live: boolean;
  /** Snapshot ts per series: nothing older is sent after it. */
  floor: ReadonlyMap<string, number> | null;
  /** Conflated points of a slow client, newest per series. */
  pending: Map<string, IndicatorPoint> | null;
  pendingCursor: string;
}

/** What a resume is refused with when its key already runs as many as it may. */
export const TOO_MANY_RESUMES = 'too many resumes running for this key; retry in a few seconds';

/**
 * The gateway's fan-out: keeps each socket's subscription, answers `subscribe` with a snapshot or
 * a resume, and hands every live stream entry to the sockets it matches.
 *
 * A new subscription starts at a stream position (the cursor it resumes from, or the head its
 * snapshot was taken at) and catches up from there: from Redis in byte-sized reads paced by the
 * socket's buffer while the position is older than the reader's recent entries, then from those
 * entries in memory, and then it goes live in the same step, so nothing slips between.
 */
@Injectable()
export class LiveHub implements OnModuleInit {
  private readonly logger = new Logger('LiveHub');
  private readonly subs = new Map<string, Subscription>();
  private readonly snapshots = new SnapshotCache();
  /** Newest ts pushed per series: a late (older) point is stored but not pushed live. */
  private readonly newest = new Map<string, number>();
  private readonly windowMs: number;
  private readonly readTimeoutMs: number;

  constructor(
    private readonly reader: LiveStreamReader,
    private readonly catalogue: CatalogueCache,
    private readonly limits: LiveLimits,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    config: AppConfig,
  ) {
    this.windowMs = config.liveReplaySeconds * 1000;
    this.readTimeoutMs = config.readTimeoutMs;
  }

  onModuleInit(): void {
    this.reader.onEntry((entry) => this.onEntry(entry));
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  /** The stream position the socket is covered up to (its newest cursor), or null when it has no subscription. */
  cursorOf(socketId: string): string | null {
    const sub = this.subs.get(socketId);
    return sub ? sub.afterId : null;
  }

  /** The socket's subscription filters (without the cursor), or null when it has none. */
  subscriptionOf(socketId: string): Omit<SubscribeRequest, 'cursor'> | null {
    return this.subs.get(socketId)?.request ?? null;
  }

  async subscribe(socket: LiveSocket, principal: KeyPrincipal, req: SubscribeRequest): Promise<SubscribeAck> {
    let selection: SeriesSelection;
    try {
      selection = SeriesSelection.resolve(req, principal, this.catalogue);
    } catch (err) {
      if (err instanceof ScopeForbiddenError) return { ok: false, error: 'forbidden' };
      throw err;
    }
    this.unsubscribe(socket);

    if (req.cursor && isStreamId(req.cursor)) {
      const cursor = req.cursor;
      // The ack goes first; the missed entries follow, then live ones.
      const resume = (ticket: ReplayTicket | null): SubscribeAck => {
        const sub = this.add(socket, req, selection, cursor, null);
        setImmediate(() => void this.catchUp(sub, ticket));
        return { ok: true, snapshot: [], cursor, alerts: [] };
      };
      // A recent cursor: everything after it is in memory (no Redis read, no resume slot).
      if (this.reader.recent.covers(cursor) && compareIds(cursor, this.reader.lastId) <= 0) return resume(null);
      // Otherwise the key's resume slot first (cheap, and refuses floods before any Redis work), then the window.
      const ticket = this.limits.startReplay(principal.id);
      if (!ticket) return { ok: false, error: TOO_MANY_RESUMES };
      let resumable = false;
      try {
        resumable = canResume(cursor, await withReadTimeout(this.reader.window(), this.readTimeoutMs));
      } finally {
        if (!resumable) ticket.release();
      }
      if (resumable) return resume(ticket);
    }
    const snap = await this.snapshot(selection);
    const sub = this.add(socket, req, selection, snap.headId, snap.floor);
    setImmediate(() => void this.catchUp(sub, null));
    return req.cursor
      ? { ok: true, resync: true, snapshot: snap.points, cursor: snap.headId, alerts: [] }
      : { ok: true, snapshot: snap.points, cursor: snap.headId, alerts: [] };
  }

  unsubscribe(socket: LiveSocket): void {
    this.subs.delete(socket.id);
  }

  private add(
    socket: LiveSocket,
    req: SubscribeRequest,
    selection: SeriesSelection,
    afterId: string,
    floor: ReadonlyMap<string, number> | null,
  ): Subscription {
    const { cursor: _cursor, ...request } = req;
    const sub: Subscription = {
      socket,
      request,
      selection,
      afterId,
      live: false,
      floor,
      pending: null,
      pendingCursor: afterId,
    };
    this.subs.set(socket.id, sub);
    return sub;
  }

  /** The latest point of every selected series, shared with identical subscriptions of the last second. */
  private snapshot(selection: SeriesSelection): Promise<Snapshot> {
    return this.snapshots.get(
      selection,
      this.catalogue.version,
      (headId) => this.reader.recent.covers(headId),
      async () => {
        const headId = this.reader.lastId;
        const series = selection.series();
        const latest = series.length ? await withReadTimeout(this.store.latest(series), this.readTimeoutMs) : [];
        const points: IndicatorPoint[] = [];
        latest.forEach((v, i) => v && points.push({ ...series[i], ts: v.ts, value: v.value }));
        return snapshotOf(headId, points);
      },
    );
  }

  /** Brings a new subscription from its position up to the live stream (see the class comment). */
  private async catchUp(sub: Subscription, ticket: ReplayTicket | null): Promise<void> {
    const newest = new Map<string, number>();
    try {
      while (this.current(sub)) {
        if (this.reader.recent.covers(sub.afterId)) {
          for (const e of this.reader.recent.since(sub.afterId)) this.sendCatchUp(sub, e, newest);
          sub.live = true;
          return;
        }
        // Entries newer than the window's start are never trimmed; older positions are checked.
        if (idTime(sub.afterId) < Date.now() - this.windowMs + WINDOW_MARGIN_MS) {
          const window = await withReadTimeout(this.reader.window(), this.readTimeoutMs);
          if (!canResume(sub.afterId, window)) throw new Error('the resume fell behind the replay window');
        }
        // A read another resume made is free; a new one waits for a read slot and the byte budget.
        const entries = await (this.reader.sharedRead(sub.afterId) ??
          this.limits.replayRead(
            () => this.reader.readAfter(sub.afterId),
            (read) => read.reduce((n, e) => n + (e.bytes ?? 0), 0),
          ));
        if (!this.current(sub)) return;
        // Nothing after the position, yet the recent entries do not reach back to it: the reader is
        // catching up itself; its entries will cover the position shortly.
        if (entries.length === 0) await new Promise((r) => setTimeout(r, 50));
        for (const e of entries) this.sendCatchUp(sub, e, newest);
        await this.drained(sub);
      }
    } catch (err) {
      if (!this.current(sub)) return;
      this.logger.warn(`resume for ${sub.socket.id} stopped: ${(err as Error).message}; disconnecting it`);
      this.subs.delete(sub.socket.id);
      sub.socket.disconnect(true);
    } finally {
      ticket?.release();
    }
  }

  private sendCatchUp(sub: Subscription, e: StreamEntry, newest: Map<string, number>): void {
    if (compareIds(e.id, sub.afterId) <= 0) return;
    if (e.alerts) {
      this.sendAlerts(sub, e);
      sub.afterId = e.id;
      return;
    }
    // Only the subscription's own series count for its late-point check (most of a read is not its).
    const wanted = sub.selection.indicatorSet;
    const candidates = wanted && wanted.size * 8 < e.points.length ? pointsOfIndicators(e, wanted) : e.points;
    const mine = candidates.filter((p) => sub.selection.matches(p.indicator, p.scope));
    this.send(sub, e.id, withoutLate(mine, newest));
    sub.afterId = e.id;
  }

  /** Waits until the socket's buffer is nearly empty (resumes are paced by the client's reading). */
  private async drained(sub: Subscription): Promise<void> {
    if (bufferedPackets(sub.socket) < REPLAY_BUFFER) return;
    await new Promise<void>((done, fail) => {
      const conn = sub.socket.conn;
      const finish = () => {
        clearTimeout(timer);
        conn.off('drain', finish);
        conn.off('close', finish);
        done();
      };
      const timer = setTimeout(() => {
        conn.off('drain', finish);
        conn.off('close', finish);
        fail(new Error(`the socket did not read for ${REPLAY_DRAIN_MS / 1000} s`));
      }, REPLAY_DRAIN_MS);
      conn.on('drain', finish);
      conn.on('close', finish);
    });
  }

  private current(sub: Subscription): boolean {
    return this.subs.get(sub.socket.id) === sub && sub.socket.connected;
  }

  private onEntry(entry: StreamEntry): void {
    if (entry.alerts) {
      for (const sub of this.subs.values()) {
        if (!sub.live || compareIds(entry.id, sub.afterId) <= 0) continue;
        this.sendAlerts(sub, entry);
        sub.afterId = entry.id;
      }
      return;
    }
    const fresh = withoutLate(entry.points, this.newest);
    if (fresh.length === 0) return;
    for (const sub of this.subs.values()) {
      if (!sub.live || compareIds(entry.id, sub.afterId) <= 0) continue;
      this.send(sub, entry.id, fresh);
      sub.afterId = entry.id;
    }
  }

  /** The entry's alert changes that the subscription matches (its key's scopes included), in its socket's language. */
  private sendAlerts(sub: Subscription, entry: StreamEntry): void {
    const lang = (sub.socket.data.lang as AlertLang | undefined) ?? 'vi';
    for (const a of entry.alerts!) {
      if (sub.selection.matches(a.indicator, a.scope)) sub.socket.emit('alert', alertIn(a, lang));
    }
  }

  private send(sub: Subscription, cursor: string, points: readonly IndicatorPoint[]): void {
    const matched: IndicatorPoint[] = [];
    for (const p of points) {
      if (!sub.selection.matches(p.indicator, p.scope)) continue;
      if (sub.floor !== null) {
        const floor = sub.floor.get(seriesId(p));
        if (floor !== undefined && p.ts < floor) continue;
      }
      matched.push(p);
    }
    if (matched.length === 0) return;
    // Conflation never applies to a resume's catch-up, which owes the client every point.
    const mayConflate = sub.live || sub.floor !== null;
    if (sub.pending || (mayConflate && bufferedPackets(sub.socket) > SLOW_CLIENT_BUFFER)) {
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

/** The time part (ms) of a stream id. */
function idTime(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
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
