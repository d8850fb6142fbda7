import {
  type Alert,
  type AlertLang,
  type IndicatorPoint,
  LIVE_NAMESPACE,
  type LiveSource,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
  type SubscribeAck,
  type SubscribeRequest,
} from '@app/contracts';
import { io, type Socket } from 'socket.io-client';
import { isAtOrBefore } from './cursor.util.js';
import { type FeedEvent, type FeedState, nextFeedState, reconnectDelay } from './feed-state.js';

export type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** What to follow: filters combine with AND; an absent filter matches everything the key may see. */
export type Subscription = Omit<SubscribeRequest, 'cursor'>;

export interface SnapshotInfo {
  /** True when the feed's cursor could not be resumed (too old, unknown): start over from these points. */
  resync: boolean;
  /** The stream position the snapshot was taken at. */
  cursor: string;
  /** Alerts `firing` or `acknowledged` that the subscription matches (empty on servers before v1.1). */
  alerts: Alert[];
}

export interface LiveFeedOptions {
  /** The service's base URL, e.g. `https://ioc.example.gov.vn` (the feed adds `/live`). */
  url?: string;
  /** Several gateways: after a failed connection attempt the feed tries the next one. */
  urls?: string[];
  /** An API key (roles admin, operator, viewer or district). */
  key: string;
  /** Language of alert `reason`s: `vi` (default) or `en`. */
  lang?: AlertLang;
  subscription?: Subscription;
  /** Resume from this cursor (saved from an earlier run's `onValues` or `feed.cursor`). */
  cursor?: string;
  /**
   * New points, in time order per series; each point once, with no gap, across reconnections. The
   * feed waits for a returned promise before it hands over anything else, and `feed.cursor` moves to
   * `cursor` once it resolves. A handler that throws closes the feed (what follows is not delivered).
   */
  onValues?: (points: IndicatorPoint[], cursor: string) => void | Promise<void>;
  /** An alert changed state (fired, acknowledged, resolved). Each change once. */
  onAlert?: (alert: Alert) => void | Promise<void>;
  /**
   * A source's state changed (admin keys whose subscription takes the sources' health series, e.g.
   * `{domains: ["system"]}`). A resume may hand one again.
   */
  onSource?: (source: LiveSource) => void | Promise<void>;
  /** The latest point of every matching series: on the first subscription, and after a `resync`. */
  onSnapshot?: (points: IndicatorPoint[], info: SnapshotInfo) => void | Promise<void>;
  /** The connection state changed. */
  onState?: (state: FeedState) => void;
  /** Nothing for this long while connected means `stale` (default 30,000: twice the server's heartbeat). 0: never. */
  staleAfterMs?: number;
  /** First reconnection delay (default 500 ms); it doubles with each failed attempt... */
  reconnectDelayMs?: number;
  /** ...up to this (default 5,000 ms). */
  reconnectDelayMaxMs?: number;
  /** A connection attempt or a subscribe not answered within this fails and is retried (default 20,000 ms). */
  timeoutMs?: number;
}

type Delivery =
  | { kind: 'snapshot'; points: IndicatorPoint[]; info: SnapshotInfo }
  | { kind: 'values'; points: IndicatorPoint[]; cursor: string }
  | { kind: 'heartbeat'; cursor: string }
  | { kind: 'alert'; alert: Alert }
  | { kind: 'source'; source: LiveSource };

/** One connection attempt, from `io()` to its end. */
interface Session {
  socket: LiveSocket;
  subscribed: boolean;
  /** Events that came before the subscribe's answer, handed over right after it. */
  early: Delivery[];
  /** The server said it is going down: come back after about this long. */
  retryInMs: number;
}

/** connect_error messages that no retry can fix. */
const FATAL_CONNECT_ERRORS = new Set(['unauthorized', 'forbidden']);
/** Subscribe refusals that go away by themselves ("rate limited", "...; retry in a few seconds"). */
const TRANSIENT_REFUSAL = /retry|rate limited/i;
/** Alert changes remembered to drop the ones a resume sends again. */
const REMEMBERED_ALERTS = 10_000;

/**
 * A live subscription to the service's `/live` feed that survives drops: it reconnects by itself
 * (moving to the next URL after a failed attempt), subscribes again with its cursor, and hands the
 * caller every point once, in order per series, with no gap and no duplicate.
 *
 * Reconnection is the feed's own rather than socket.io-client's: it must also come back after the
 * server closes the socket (a gateway draining for shutdown, a resume that fell behind), which
 * socket.io-client does not retry, and it must be able to move on to another gateway.
 */
export class LiveFeed {
  private readonly urls: string[];
  private readonly subscription: Subscription;
  private readonly staleAfterMs: number;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private current: FeedState = { state: 'closed', reason: 'not started' };
  private session: Session | null = null;
  private urlIndex = 0;
  private attempt = 0;
  /** Position of the last event received (what a new subscribe resumes from). */
  private received: string | null;
  /** Position of the last event handed to the caller (and finished with). */
  private delivered: string | null;
  private lastTraffic = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Bumped when a handler fails: what was queued before is not delivered. */
  private epoch = 0;
  private readonly seenAlerts = new Set<string>();

  constructor(private readonly options: LiveFeedOptions) {
    const urls = options.urls ?? (options.url ? [options.url] : []);
    if (urls.length === 0) throw new Error('LiveFeed: give `url` or `urls`');
    if (!options.key) throw new Error('LiveFeed: give `key`');
    this.urls = urls.map(liveUrl);
    this.subscription = { ...options.subscription };
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.minDelayMs = options.reconnectDelayMs ?? 500;
    this.maxDelayMs = Math.max(this.minDelayMs, options.reconnectDelayMaxMs ?? 5000);
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.received = this.delivered = options.cursor ?? null;
  }

  /** The connection state (also told to `onState` on every change). */
  get state(): FeedState {
    return this.current;
  }

  /** The position up to which everything was handed to the caller: save it to resume later. */
  get cursor(): string | null {
    return this.delivered;
  }

  /** The current Socket.IO socket, for diagnostics (null between connections). */
  get socket(): LiveSocket | null {
    return this.session?.socket ?? null;
  }

  /** Connects and subscribes; does nothing while the feed runs. After `stop()` it resumes from its cursor. */
  start(): void {
    if (this.current.state !== 'closed') return;
    this.attempt = 0;
    this.transition({ type: 'start' });
    this.connect();
  }

  /** Closes the connection; resolves once the caller's handlers have finished with what was received. */
  async stop(): Promise<void> {
    this.end('stopped');
    await this.chain;
  }

  private connect(): void {
    const socket: LiveSocket = io(this.urls[this.urlIndex], {
      auth: this.options.lang ? { token: this.options.key, lang: this.options.lang } : { token: this.options.key },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: this.timeoutMs,
    });
    const session: Session = { socket, subscribed: false, early: [], retryInMs: 0 };
    this.session = session;
    socket.on('connect', () => void this.subscribe(session));
    socket.on('connect_error', (err) => this.connectFailed(session, err));
    socket.on('disconnect', () => this.retry(session));
    socket.on('values', (e) => this.receive(session, { kind: 'values', points: e.points, cursor: e.cursor }));
    socket.on('heartbeat', (e) => this.receive(session, { kind: 'heartbeat', cursor: e.cursor }));
    socket.on('alert', (alert) => this.receive(session, { kind: 'alert', alert }));
    socket.on('source', (source) => this.receive(session, { kind: 'source', source }));
    socket.on('draining', (e) => {
      session.retryInMs = Math.max(0, Number(e.retryInMs) || 0);
    });
  }

  private async subscribe(session: Session): Promise<void> {
    const request: SubscribeRequest =
      this.received === null ? this.subscription : { ...this.subscription, cursor: this.received };
    let ack: SubscribeAck;
    try {
      ack = await session.socket.timeout(this.timeoutMs).emitWithAck('subscribe', request);
    } catch {
      return this.retry(session); // no answer in time, or the connection went meanwhile
    }
    if (this.session !== session) return;
    if (!ack.ok) {
      if (TRANSIENT_REFUSAL.test(ack.error)) return this.retry(session);
      return this.end(`subscribe refused: ${ack.error}`);
    }
    session.subscribed = true;
    this.attempt = 0;
    this.received = ack.cursor;
    // A resume's missed points follow in `values`; anything else starts from a snapshot.
    if (request.cursor === undefined || ack.resync) {
      const info = { resync: ack.resync === true, cursor: ack.cursor, alerts: ack.alerts ?? [] };
      this.enqueue({ kind: 'snapshot', points: ack.snapshot, info });
    }
    this.transition({ type: 'subscribed' });
    this.traffic();
    const early = session.early;
    session.early = [];
    for (const d of early) this.accept(d);
  }

  private receive(session: Session, d: Delivery): void {
    if (this.session !== session) return;
    if (session.subscribed) this.accept(d);
    else session.early.push(d);
  }

  private accept(d: Delivery): void {
    if (d.kind === 'values' || d.kind === 'heartbeat') {
      if (!isAtOrBefore(d.cursor, this.received)) this.received = d.cursor;
      this.traffic();
    }
    this.enqueue(d);
  }

  /** Hands deliveries to the caller one at a time, in the order received. */
  private enqueue(d: Delivery): void {
    const epoch = this.epoch;
    this.chain = this.chain
      .then(() => (epoch === this.epoch ? this.deliver(d) : undefined))
      .catch((err: unknown) => {
        if (epoch !== this.epoch) return;
        // Nothing after the failed delivery is handed over; a new start() resumes from before it.
        this.epoch++;
        this.received = this.delivered;
        this.end(`a handler failed: ${err instanceof Error ? err.message : String(err)}`);
      });
  }

  private async deliver(d: Delivery): Promise<void> {
    switch (d.kind) {
      case 'snapshot':
        await this.options.onSnapshot?.(d.points, d.info);
        this.delivered = d.info.cursor;
        return;
      case 'values':
        // Sent again by a resume from an older position than what was handed over already.
        if (isAtOrBefore(d.cursor, this.delivered)) return;
        if (d.points.length > 0) await this.options.onValues?.(d.points, d.cursor);
        this.delivered = d.cursor;
        return;
      case 'heartbeat':
        if (!isAtOrBefore(d.cursor, this.delivered)) this.delivered = d.cursor;
        return;
      case 'alert': {
        // Alert events carry no cursor: a resume may send one again, known by its id and state.
        const id = alertChangeId(d.alert);
        if (this.seenAlerts.has(id)) return;
        this.seenAlerts.add(id);
        if (this.seenAlerts.size > REMEMBERED_ALERTS) this.seenAlerts.delete(this.seenAlerts.values().next().value!);
        await this.options.onAlert?.(d.alert);
        return;
      }
      case 'source':
        await this.options.onSource?.(d.source);
        return;
    }
  }

  private connectFailed(session: Session, err: Error): void {
    if (this.session !== session) return;
    if (FATAL_CONNECT_ERRORS.has(err.message)) return this.end(err.message);
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    this.retry(session);
  }

  /** Drops the session (if still current) and connects again after a delay. */
  private retry(session: Session): void {
    if (this.session !== session) return;
    this.session = null;
    session.socket.off();
    session.socket.disconnect();
    this.clearStaleTimer();
    this.transition({ type: 'dropped', at: Date.now() });
    const delay = session.retryInMs + reconnectDelay(this.attempt++, this.minDelayMs, this.maxDelayMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private end(reason: string): void {
    const session = this.session;
    this.session = null;
    if (session) {
      session.socket.off();
      session.socket.disconnect();
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.clearStaleTimer();
    this.transition({ type: 'closed', reason });
  }

  private traffic(): void {
    this.lastTraffic = Date.now();
    this.transition({ type: 'traffic' });
    if (this.staleAfterMs > 0 && !this.staleTimer) this.armStaleTimer(this.staleAfterMs);
  }

  private armStaleTimer(ms: number): void {
    this.staleTimer = setTimeout(() => {
      this.staleTimer = null;
      if (!this.session?.subscribed) return;
      const quietFor = Date.now() - this.lastTraffic;
      if (quietFor < this.staleAfterMs) this.armStaleTimer(this.staleAfterMs - quietFor);
      else this.transition({ type: 'quiet', since: this.lastTraffic });
    }, ms);
  }

  private clearStaleTimer(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
  }

  private transition(event: FeedEvent): void {
    const next = nextFeedState(this.current, event);
    if (next === this.current) return;
    this.current = next;
    this.options.onState?.(next);
  }
}

/** The `/live` namespace URL of a service base URL (given with or without the namespace). */
function liveUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith(LIVE_NAMESPACE) ? trimmed : trimmed + LIVE_NAMESPACE;
}

function alertChangeId(a: Alert): string {
  return `${a.id}|${a.state}|${a.acknowledgedAt ?? ''}|${a.resolvedAt ?? ''}`;
}
