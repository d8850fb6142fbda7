import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { CatalogueCache, formatPeriod, isCalendarPeriod } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/metrics';
import {
  type Alert,
  alertIn,
  type AlertLang,
  IndicatorPoint,
  type LiveAlert,
  type LivePoint,
  KeyPrincipal,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  seriesId,
  SOURCE_HEALTH_INDICATOR,
  SubscribeAck,
  SubscribeRequest,
} from '@app/contracts';
import { ScopeForbiddenError, SeriesSelection } from '@app/selection';
import { withReadTimeout } from '@app/redis';
import { RevisionLog, TIME_SERIES_STORE, type TimeSeriesStore } from '@app/timeseries';
import type { Counter, Histogram } from 'prom-client';
import type { Namespace, Socket } from 'socket.io';
import { type ActiveAlertSource, LIVE_ACTIVE_ALERTS } from './active-alerts';
import { FanoutGroup, groupKey } from './fanout-group';
import { canResume } from './cursor-window.util';
import { LiveLimits, ReplayTicket } from './live-limits.service';
import { compareIds, isStreamId } from './live-stream.util';
import { LiveStreamReader, StreamEntry } from './live-stream.reader';
import { pointsOfIndicators } from './recent-entries';
import { Snapshot, SnapshotCache, snapshotOf } from './snapshot-cache';

export type LiveSocket = Socket<LiveClientToServerEvents, LiveServerToClientEvents>;

/**
 * A socket with more than this many packets, or more than this many bytes in more than a few packets,
 * waiting in its buffer is slow: its updates are conflated (newest per series) until it drains. The
 * bytes catch big batches early; the packet count, a client that reads nothing at all.
 */
const SLOW_CLIENT_BUFFER = 64;
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;
const SLOW_CLIENT_MIN_PACKETS = 4;
/** A resume sends its next read only when the socket holds fewer packets than this... */
const REPLAY_BUFFER = 8;
/** ...and gives up on a socket that does not drain for this long. */
const REPLAY_DRAIN_MS = 30_000;
/** A resume this close to the start of the replay window checks, before each read, that nothing after it was trimmed. */
const WINDOW_MARGIN_MS = 30_000;
/** A batch with more points than this (the gateway fell behind) is conflated to the newest point per series. */
const CONFLATE_BATCH_ABOVE = 20_000;
/** A snapshot floor still waiting for its series' points this long after going live is dropped. */
const FLOOR_MAX_MS = 10_000;
/** The active alerts read for acks serves later acks for this long (when it was read after their position). */
const ACTIVE_ALERTS_TTL_MS = 1000;

interface Subscription {
  socket: LiveSocket;
  /** The filters asked for (as the presence list shows them). */
  request: Omit<SubscribeRequest, 'cursor'>;
  selection: SeriesSelection;
  /** Entries at or before this id are covered (sent, or in the snapshot). */
  afterId: string;
  /** False while the subscription catches up from its position (a resume, or a snapshot's head). */
  live: boolean;
  /** The subscription's shape; once live, it is in the group's room unless `detached`. */
  group: FanoutGroup;
  /** Live but out of the room: conflating (slow), or still under a snapshot floor; sent to one by one. */
  detached: boolean;
  /** When it went live (a floor left after FLOOR_MAX_MS is dropped). */
  liveAt: number;
  /** Snapshot ts per series: nothing older is sent after it. */
  floor: ReadonlyMap<string, number> | null;
  /** Conflated points of a slow client, newest per series (it is out of the room meanwhile). */
  pending: Map<string, IndicatorPoint> | null;
  pendingCursor: string;
  /** An admin key's socket: it also gets `source` events (the sources API is admin only). */
  admin: boolean;
}

/** What a resume is refused with when its key already runs as many as it may. */
export const TOO_MANY_RESUMES = 'too many resumes running for this key; retry in a few seconds';

/**
 * The gateway's fan-out: keeps each socket's subscription, answers `subscribe` with a snapshot or
 * a resume, and hands every live stream entry to the sockets it matches.
 *
 * Live sockets sit in one room per subscription shape (FanoutGroup): each batch the reader hands
 * over is matched and encoded once per shape and written to the room's sockets as one packet. A
 * socket whose buffer fills up leaves its room and gets the newest value per series when it drains
 * (conflation), then rejoins; a batch too big to keep up with is conflated for everyone.
 *
 * A new subscription starts at a stream position (the cursor it resumes from, or the head its
 * snapshot was taken at) and catches up from there: from Redis in byte-sized reads paced by the
 * socket's buffer while the position is older than the reader's recent entries, then from those
 * entries in memory, and then it goes live in the same step, so nothing slips between.
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveHub');
  private readonly subs = new Map<string, Subscription>();
  private readonly groups = new Map<string, FanoutGroup>();
  /** Live subscriptions out of their room (slow, or under a snapshot floor). */
  private readonly detached = new Set<Subscription>();
  private groupSeq = 0;
  private nsp?: Namespace;
  private heartbeats?: NodeJS.Timeout;
  private activeRead?: { afterId: string; at: number; alerts: Promise<LiveAlert[]> };
  private readonly pointsSent: Counter;
  private readonly fanOutSeconds: Histogram;
  private readonly snapshots = new SnapshotCache();
  /** Newest ts pushed per series: a late (older) point is stored but not pushed live. */
  private readonly newest = new Map<string, number>();
  private readonly windowMs: number;
  private readonly readTimeoutMs: number;
  /** A room sent nothing for this long gets a heartbeat (rooms are looked at four times as often). */
  private readonly heartbeatIdleMs: number;

  constructor(
    private readonly reader: LiveStreamReader,
    private readonly catalogue: CatalogueCache,
    private readonly limits: LiveLimits,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly revisions: RevisionLog,
    config: AppConfig,
    metrics: Metrics,
    @Optional() @Inject(LIVE_ACTIVE_ALERTS) private readonly activeAlerts: ActiveAlertSource | null,
  ) {
    metrics.gauge({
      name: 'ioc_live_subscriptions',
      help: 'Subscribed /live sockets in this gateway process',
      collect: () => this.subs.size,
    });
    metrics.gauge({
      name: 'ioc_live_rooms',
      help: 'Distinct subscription shapes (rooms) with live sockets in this gateway process',
      collect: () => this.groups.size,
    });
    metrics.gauge({
      name: 'ioc_live_detached_sockets',
      help: 'Live sockets out of their room: conflating (slow) or waiting for their snapshot floor',
      collect: () => this.detached.size,
    });
    this.pointsSent = metrics.counter({
      name: 'ioc_live_points_sent_total',
      help: 'Points written to /live sockets through their rooms (a point sent to 100 sockets counts 100)',
    });
    this.fanOutSeconds = metrics.histogram({
      name: 'ioc_live_fanout_duration_seconds',
      help: 'Time to fan one read of the live stream out to every room and detached socket',
    });
    this.windowMs = config.liveReplaySeconds * 1000;
    this.readTimeoutMs = config.readTimeoutMs;
    this.heartbeatIdleMs = config.liveHeartbeatSeconds * 1000;
  }

  onModuleInit(): void {
    this.reader.onEntries((entries) => this.onEntries(entries));
    this.heartbeats = setInterval(() => this.sendHeartbeats(), this.heartbeatIdleMs / 4);
    this.heartbeats.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeats);
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  /** The stream position the socket is covered up to (its newest cursor), or null when it has no subscription. */
  cursorOf(socketId: string): string | null {
    const sub = this.subs.get(socketId);
    if (!sub) return null;
    return sub.live && !sub.detached ? this.reader.lastId : sub.afterId;
  }

  /** The socket's subscription filters (without the cursor), or null when it has none. */
  subscriptionOf(socketId: string): Omit<SubscribeRequest, 'cursor'> | null {
    return this.subs.get(socketId)?.request ?? null;
  }

  /**
   * Answers a `subscribe`. The subscription starts sending (catch-up, then live) once `answered`
   * settles: the caller resolves it when the ack has been written, so nothing arrives before it.
   */
  async subscribe(
    socket: LiveSocket,
    principal: KeyPrincipal,
    req: SubscribeRequest,
    answered: Promise<void> = Promise.resolve(),
  ): Promise<SubscribeAck> {
    const unknown = this.unknownCodes(req);
    if (unknown) return { ok: false, error: unknown };
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
      const resume = async (ticket: ReplayTicket | null): Promise<SubscribeAck> => {
        const alerts = await this.alertsFor(selection, socket, cursor);
        const sub = this.add(socket, req, selection, cursor, null);
        void answered.then(() => this.catchUp(sub, ticket));
        return { ok: true, snapshot: [], cursor, alerts };
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
    const alerts = await this.alertsFor(selection, socket, snap.headId);
    const sub = this.add(socket, req, selection, snap.headId, snap.floor);
    void answered.then(() => this.catchUp(sub, null));
    return req.cursor
      ? { ok: true, resync: true, snapshot: snap.points, cursor: snap.headId, alerts }
      : { ok: true, snapshot: snap.points, cursor: snap.headId, alerts };
  }

  /** A filter naming codes the catalogue does not have (a typo, a removed indicator): what to tell the client, or null. */
  private unknownCodes(req: SubscribeRequest): string | null {
    const c = this.catalogue;
    const lists: [string, readonly string[] | undefined, (code: string) => unknown][] = [
      ['indicator', req.indicators, (code) => c.indicator(code)],
      ['domain', req.domains, (code) => c.domain(code)],
      ['scope', req.scopes, (code) => c.scope(code)],
    ];
    for (const [what, codes, known] of lists) {
      const missing = (codes ?? []).filter((code) => !known(code));
      if (missing.length === 0) continue;
      const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
      return `unknown ${what}${missing.length > 1 ? 's' : ''}: ${shown} (not in the catalogue)`;
    }
    return null;
  }

  unsubscribe(socket: LiveSocket): void {
    const sub = this.subs.get(socket.id);
    if (!sub) return;
    this.subs.delete(socket.id);
    this.leave(sub);
    this.detached.delete(sub);
  }

  /**
   * The alerts in state firing or acknowledged that the selection matches, in the socket's language.
   * Read after the subscription's stream position is fixed (changes after it follow as events); a
   * read started after that position serves other acks for a second.
   */
  private async alertsFor(selection: SeriesSelection, socket: LiveSocket, position: string): Promise<Alert[]> {
    if (!this.activeAlerts) return [];
    let read = this.activeRead;
    if (!read || Date.now() - read.at > ACTIVE_ALERTS_TTL_MS || compareIds(read.afterId, position) < 0) {
      const source = this.activeAlerts;
      read = {
        afterId: this.reader.lastId,
        at: Date.now(),
        alerts: withReadTimeout(source.activeAlerts(), this.readTimeoutMs),
      };
      this.activeRead = read;
      read.alerts.catch(() => this.activeRead === read && (this.activeRead = undefined));
    }
    let active: LiveAlert[];
    try {
      active = await read.alerts;
    } catch (err) {
      // Live values go on without the list: a wall with no values would be worse than one without its alarms.
      this.logger.warn(`the active alerts could not be read for a subscribe ack: ${(err as Error).message}`);
      return [];
    }
    const lang = langOf(socket);
    return active.filter((a) => selection.matches(a.indicator, a.scope)).map((a) => alertIn(a, lang));
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
      group: this.groupFor(selection, langOf(socket)),
      detached: false,
      liveAt: 0,
      floor,
      pending: null,
      pendingCursor: afterId,
      admin: (socket.data.principal as KeyPrincipal | undefined)?.role === 'admin',
    };
    this.subs.set(socket.id, sub);
    return sub;
  }

  /** The group of this shape (registered when its first socket joins the room). */
  private groupFor(selection: SeriesSelection, lang: AlertLang): FanoutGroup {
    const key = groupKey(selection, lang);
    return this.groups.get(key) ?? new FanoutGroup(key, `live:g${++this.groupSeq}`, selection, lang);
  }

  /** Caught up: into the room, or detached while a snapshot floor or a conflation still applies to it. */
  private goLive(sub: Subscription): void {
    sub.live = true;
    sub.liveAt = Date.now();
    this.nsp ??= sub.socket.nsp;
    if (sub.floor) sub.floor = pruneFloor(sub.floor, this.newest);
    if (sub.floor || sub.pending) {
      sub.detached = true;
      this.detached.add(sub);
    } else {
      this.join(sub);
    }
  }

  private join(sub: Subscription): void {
    sub.detached = false;
    this.detached.delete(sub);
    // The group may have emptied (and been forgotten) while this subscription caught up.
    const registered = this.groups.get(sub.group.key);
    if (registered) sub.group = registered;
    else this.groups.set(sub.group.key, sub.group);
    void sub.socket.join(sub.group.room);
    sub.group.size++;
  }

  /** Out of the room (slow, unsubscribed or gone); a group left empty is forgotten. */
  private leave(sub: Subscription): void {
    if (!sub.live || sub.detached) return;
    void sub.socket.leave(sub.group.room);
    if (--sub.group.size === 0 && this.groups.get(sub.group.key) === sub.group) this.groups.delete(sub.group.key);
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
        const points: LivePoint[] = [];
        latest.forEach((v, i) => v && points.push({ ...series[i], ts: v.ts, value: v.value }));
        await this.markPeriodPoints(points);
        return snapshotOf(headId, points);
      },
    );
  }

  /**
   * Gives a snapshot's points of period indicators their `period` and `revised`, as live values have
   * them: `revised` from the period's revision log (one pipelined read, only when there are such points).
   */
  private async markPeriodPoints(points: LivePoint[]): Promise<void> {
    const periodic: LivePoint[] = [];
    for (const p of points) {
      const kind = this.catalogue.indicator(p.indicator)?.period;
      if (!isCalendarPeriod(kind)) continue;
      p.period = formatPeriod(kind, p.ts);
      periodic.push(p);
    }
    if (periodic.length === 0) return;
    const logs = await withReadTimeout(this.revisions.many(periodic), this.readTimeoutMs);
    periodic.forEach((p, i) => (p.revised = logs[i].length > 1));
  }

  /** Brings a new subscription from its position up to the live stream (see the class comment). */
  private async catchUp(sub: Subscription, ticket: ReplayTicket | null): Promise<void> {
    const newest = new Map<string, number>();
    try {
      while (this.current(sub)) {
        if (this.reader.recent.covers(sub.afterId)) {
          for (const e of this.reader.recent.since(sub.afterId)) this.sendCatchUp(sub, e, newest);
          this.goLive(sub);
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
      this.unsubscribe(sub.socket);
      sub.socket.disconnect(true);
    } finally {
      ticket?.release();
    }
  }

  private sendCatchUp(sub: Subscription, e: StreamEntry, newest: Map<string, number>): void {
    if (compareIds(e.id, sub.afterId) <= 0) return;
    if (e.alerts || e.sources) {
      this.sendEvents(sub, e);
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

  /** One read of the live stream: runs of point entries go out as one batch per room; alert entries in their place. */
  private onEntries(entries: readonly StreamEntry[]): void {
    let points: IndicatorPoint[] = [];
    let last = '';
    const flushPoints = () => {
      if (last === '') return;
      this.fanOut(last, points);
      points = [];
      last = '';
    };
    for (const entry of entries) {
      if (entry.alerts || entry.sources) {
        flushPoints();
        if (entry.alerts) this.fanOutAlerts(entry);
        else this.fanOutSources(entry);
        continue;
      }
      for (const p of withoutLate(entry.points, this.newest)) points.push(p);
      last = entry.id;
    }
    flushPoints();
  }

  private fanOut(cursor: string, batch: IndicatorPoint[]): void {
    if (this.subs.size === 0 || batch.length === 0) return;
    // Behind by more than a batch can carry: every socket gets the newest value of each series.
    const points = batch.length > CONFLATE_BATCH_ABOVE ? newestPerSeries(batch) : batch;
    const now = Date.now();
    const stopTimer = this.fanOutSeconds.startTimer();
    let sent = 0;
    const nsp = this.nsp;
    if (nsp) {
      for (const group of this.groups.values()) {
        if (group.size === 0) continue;
        const matched = group.match(points);
        if (matched.length === 0) continue;
        nsp.to(group.room).emit('values', { cursor, points: matched });
        sent += matched.length * group.size;
        group.lastSentAt = now;
        this.detachSlow(group, cursor);
      }
    }
    for (const sub of this.detached) {
      if (compareIds(cursor, sub.afterId) <= 0) continue;
      this.send(sub, cursor, points);
      sub.afterId = cursor;
      if (sub.floor) sub.floor = now - sub.liveAt > FLOOR_MAX_MS ? null : pruneFloor(sub.floor, this.newest);
      if (!sub.floor && !sub.pending) this.join(sub);
    }
    this.pointsSent.inc(sent);
    stopTimer();
  }

  /** Sockets of the room whose buffers have filled up leave it and conflate until they drain. */
  private detachSlow(group: FanoutGroup, cursor: string): void {
    const room = this.nsp?.adapter.rooms.get(group.room);
    if (!room) return;
    for (const id of room) {
      const sub = this.subs.get(id);
      if (!sub || !isSlow(sub.socket)) continue;
      this.leave(sub);
      sub.detached = true;
      sub.afterId = cursor;
      sub.pendingCursor = cursor;
      this.detached.add(sub);
      this.startConflating(sub);
    }
  }

  private fanOutAlerts(entry: StreamEntry): void {
    const nsp = this.nsp;
    if (nsp) {
      for (const group of this.groups.values()) {
        if (group.size === 0) continue;
        for (const a of entry.alerts!) {
          if (!group.selection.matches(a.indicator, a.scope)) continue;
          nsp.to(group.room).emit('alert', alertIn(a, group.lang));
          group.lastSentAt = Date.now();
        }
      }
    }
    for (const sub of this.detached) {
      if (compareIds(entry.id, sub.afterId) <= 0) continue;
      this.sendAlerts(sub, entry);
      sub.afterId = entry.id;
    }
  }

  /** Source states go to the admin sockets, in or out of rooms, whose selection takes the source's health series. */
  private fanOutSources(entry: StreamEntry): void {
    for (const sub of this.subs.values()) {
      if (!sub.live || !sub.admin || compareIds(entry.id, sub.afterId) <= 0) continue;
      this.sendSources(sub, entry);
      if (sub.detached) sub.afterId = entry.id;
    }
  }

  private sendEvents(sub: Subscription, entry: StreamEntry): void {
    if (entry.alerts) this.sendAlerts(sub, entry);
    else this.sendSources(sub, entry);
  }

  private sendSources(sub: Subscription, entry: StreamEntry): void {
    if (!sub.admin) return;
    for (const s of entry.sources!) {
      if (sub.selection.matches(SOURCE_HEALTH_INDICATOR, s.healthScope)) sub.socket.emit('source', s);
    }
  }

  /** Rooms with no traffic for a while get `{cursor, at}`: a screen can tell "no new value" from "connection lost". */
  private sendHeartbeats(): void {
    const nsp = this.nsp;
    if (!nsp) return;
    const now = Date.now();
    for (const group of this.groups.values()) {
      if (group.size === 0 || now - group.lastSentAt < this.heartbeatIdleMs) continue;
      nsp.to(group.room).emit('heartbeat', { cursor: this.reader.lastId, at: now });
      group.lastSentAt = now;
    }
  }

  /** The entry's alert changes that the subscription matches (its key's scopes included), in its socket's language. */
  private sendAlerts(sub: Subscription, entry: StreamEntry): void {
    const lang = langOf(sub.socket);
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
    if (sub.pending || (mayConflate && isSlow(sub.socket))) {
      this.conflate(sub, cursor, matched);
      return;
    }
    sub.socket.emit('values', { cursor, points: matched });
  }

  /** A slow client gets the newest value of each series once its buffer drains (never an older one). */
  private conflate(sub: Subscription, cursor: string, points: IndicatorPoint[]): void {
    const pending = sub.pending ?? this.startConflating(sub);
    for (const p of points) {
      const id = seriesId(p);
      const prev = pending.get(id);
      if (!prev || prev.ts <= p.ts) pending.set(id, p);
    }
    sub.pendingCursor = cursor;
  }

  private startConflating(sub: Subscription): Map<string, IndicatorPoint> {
    const pending = new Map<string, IndicatorPoint>();
    sub.pending = pending;
    sub.socket.conn.once('drain', () => this.flush(sub));
    return pending;
  }

  /** The socket drained: its conflated points go out, and a live one goes back to its room. */
  private flush(sub: Subscription): void {
    const pending = sub.pending;
    sub.pending = null;
    if (!pending || this.subs.get(sub.socket.id) !== sub) return;
    if (pending.size > 0) {
      const points = [...pending.values()].sort((a, b) => a.ts - b.ts);
      sub.socket.emit('values', { cursor: sub.pendingCursor, points });
    }
    if (sub.live && sub.detached && !sub.floor) this.join(sub);
  }
}

function langOf(socket: LiveSocket): AlertLang {
  return (socket.data.lang as AlertLang | undefined) ?? 'vi';
}

/** The floor without the series whose newer points every live socket already has (the late-point check covers them). */
function pruneFloor(
  floor: ReadonlyMap<string, number>,
  newest: ReadonlyMap<string, number>,
): Map<string, number> | null {
  const left = new Map<string, number>();
  for (const [id, ts] of floor) {
    const seen = newest.get(id);
    if (seen === undefined || seen < ts) left.set(id, ts);
  }
  return left.size > 0 ? left : null;
}

/** The newest point of each series, in time order. */
function newestPerSeries(points: readonly IndicatorPoint[]): IndicatorPoint[] {
  const newest = new Map<string, IndicatorPoint>();
  for (const p of points) {
    const id = seriesId(p);
    const prev = newest.get(id);
    if (!prev || prev.ts <= p.ts) newest.set(id, p);
  }
  return [...newest.values()].sort((a, b) => a.ts - b.ts);
}

/** Packets engine.io holds for this socket, not yet written (its writeBuffer is not in the public types). */
function writeBuffer(socket: LiveSocket): { data?: unknown }[] {
  return (socket.conn as unknown as { writeBuffer?: { data?: unknown }[] }).writeBuffer ?? [];
}

function bufferedPackets(socket: LiveSocket): number {
  return writeBuffer(socket).length;
}

/** More waiting for the socket than a reading client leaves behind (see SLOW_CLIENT_BUFFER). */
function isSlow(socket: LiveSocket): boolean {
  const packets = writeBuffer(socket);
  if (packets.length > SLOW_CLIENT_BUFFER) return true;
  if (packets.length < SLOW_CLIENT_MIN_PACKETS) return false;
  let bytes = 0;
  for (const p of packets) {
    const d = p.data;
    bytes += typeof d === 'string' ? d.length : d instanceof Uint8Array ? d.byteLength : 0;
  }
  return bytes > SLOW_CLIENT_BYTES;
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
