import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnections, withReadTimeout } from '@app/redis';
import type { LiveAlert, LiveSource } from '@app/contracts';
import type { Redis } from 'ioredis';
import { StreamWindow } from './cursor-window.util';
import { decodePoints, liveStreamKey } from './live-stream.util';
import { LiveEntry, RecentEntries } from './recent-entries';

export type StreamEntry = LiveEntry;

/** Gets the entries of one read, in stream order (a gateway that falls behind gets them in bigger batches). */
type EntriesListener = (entries: readonly StreamEntry[]) => void;
type RawEntries = [id: string, fields: string[]][];

/** How long and how many points of fanned-out entries the gateway keeps in memory. */
const RECENT_MS = 2000;
const RECENT_POINTS = 50_000;
/** Shared resume reads are kept this long, up to this many points in all. */
const SHARED_READ_MS = 500;
const SHARED_READ_POINTS = 50_000;
/** Entries per read at most, whatever their size. */
const MAX_ENTRIES_PER_READ = 1000;

interface SharedRead {
  entries: Promise<StreamEntry[]>;
  at: number;
  points: number;
}

/**
 * One blocking reader of the live stream per gateway process. Entries are handed, in stream
 * order and one read's worth at a time, to every listener; `lastId` is the newest entry handed over, and `recent` keeps the last
 * few seconds of them. Resumes read older entries with `readAfter`: reads sized in bytes (from the
 * entries' running average size), and shared between resumes that ask for the same position.
 */
@Injectable()
export class LiveStreamReader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveStream');
  private readonly key: string;
  private readonly readBytes: number;
  private conn?: Redis;
  private running = false;
  private readonly listeners = new Set<EntriesListener>();
  private loop?: Promise<void>;
  private avgEntryBytes = 0;
  private readonly shared = new Map<string, SharedRead>();
  private sharedPoints = 0;
  readonly recent = new RecentEntries(RECENT_MS, RECENT_POINTS);
  lastId = '0-0';

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.key = liveStreamKey(config.redisPrefix);
    this.readBytes = config.liveReplayReadBytes;
  }

  /** Adds a listener of every read's entries; returns its removal. */
  onEntries(listener: EntriesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.conn = this.redis.open('live-reader', { maxRetriesPerRequest: null });
    // Know where the stream stands before sockets arrive (not fatal when Redis is still down).
    this.lastId = await withReadTimeout(this.window(), 2000)
      .then((w) => w.lastGeneratedId)
      .catch(() => '0-0');
    this.recent.reset(this.lastId);
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.listeners.clear();
    this.conn?.disconnect();
    // The loop may be waiting on the shared command connection (Redis down): it ends when that closes.
    await withReadTimeout(this.loop ?? Promise.resolve(), 1000).catch(() => undefined);
  }

  /** The stream's bounds, for cursor checks. */
  async window(): Promise<StreamWindow> {
    const empty: StreamWindow = { length: 0, entriesAdded: 0, firstId: null, lastGeneratedId: '0-0' };
    let info: unknown[];
    try {
      info = (await this.redis.command.xinfo('STREAM', this.key)) as unknown[];
    } catch (err) {
      if (/no such key/i.test((err as Error).message)) return empty;
      throw err;
    }
    const get = (name: string) => info[info.indexOf(name) + 1];
    const first = get('first-entry') as [string, string[]] | null;
    return {
      length: Number(get('length')),
      entriesAdded: Number(get('entries-added')),
      firstId: first ? first[0] : null,
      lastGeneratedId: String(get('last-generated-id')),
    };
  }

  /** Entries with afterId < id <= toId, oldest first, at most `count`. */
  async range(afterId: string, toId: string, count: number): Promise<StreamEntry[]> {
    const raw = (await this.redis.command.xrange(this.key, `(${afterId}`, toId, 'COUNT', count)) as RawEntries;
    return this.decode(raw);
  }

  /**
   * The next entries after `afterId`, about `IOC_LIVE_REPLAY_READ_BYTES` of them (at least one).
   * Resumes that ask for the same position within a few seconds share one read.
   */
  readAfter(afterId: string): Promise<StreamEntry[]> {
    const now = Date.now();
    const hit = this.sharedRead(afterId, now);
    if (hit) return hit;
    const count = this.entriesPerRead();
    const read: SharedRead = { entries: this.range(afterId, '+', count), at: now, points: 0 };
    this.shared.set(afterId, read);
    read.entries.then(
      (entries) => {
        // A short read reached the stream's end, which moves on: only full reads are worth sharing.
        if (entries.length < count) {
          if (this.shared.get(afterId) === read) this.shared.delete(afterId);
          return;
        }
        read.points = entries.reduce((n, e) => n + e.points.length, 0);
        this.sharedPoints += read.points;
        this.evictShared(Date.now());
      },
      () => this.shared.get(afterId) === read && this.shared.delete(afterId),
    );
    return read.entries;
  }

  /** The read of another resume from the same position, in flight or done in the last few seconds. */
  sharedRead(afterId: string, now: number = Date.now()): Promise<StreamEntry[]> | undefined {
    const hit = this.shared.get(afterId);
    return hit && now - hit.at <= SHARED_READ_MS ? hit.entries : undefined;
  }

  private entriesPerRead(): number {
    if (this.avgEntryBytes === 0) return 16;
    return Math.max(1, Math.min(MAX_ENTRIES_PER_READ, Math.floor(this.readBytes / this.avgEntryBytes)));
  }

  private evictShared(now: number): void {
    for (const [id, read] of this.shared) {
      if (this.sharedPoints <= SHARED_READ_POINTS && now - read.at <= SHARED_READ_MS) break;
      this.shared.delete(id);
      this.sharedPoints -= read.points;
    }
  }

  private async run(): Promise<void> {
    let failing = false;
    while (this.running) {
      try {
        if (this.lastId === '0-0') {
          this.lastId = (await this.window()).lastGeneratedId;
          this.recent.reset(this.lastId);
        }
        const res = (await this.conn!.xread(
          'COUNT',
          this.entriesPerRead(),
          'BLOCK',
          5000,
          'STREAMS',
          this.key,
          this.lastId,
        )) as [string, RawEntries][] | null;
        if (failing) this.logger.log('live stream reader resumed');
        failing = false;
        for (const [, raw] of res ?? []) {
          const entries = this.decode(raw);
          if (entries.length === 0) continue;
          // All of the read is in `recent` before any listener sees it (a catch-up that reads
          // `recent` never misses an entry that listeners have had, nor gets one twice).
          for (const entry of entries) this.recent.push(entry);
          this.lastId = entries[entries.length - 1].id;
          this.dispatch(entries);
        }
      } catch (err) {
        if (!this.running) break;
        if (!failing) this.logger.warn(`live stream reader: ${(err as Error).message}; retrying`);
        failing = true;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private decode(raw: RawEntries): StreamEntry[] {
    const out: StreamEntry[] = [];
    for (const [id, fields] of raw) {
      const entry = decodeEntry(id, fields);
      this.avgEntryBytes = this.avgEntryBytes === 0 ? entry.bytes! : this.avgEntryBytes * 0.9 + entry.bytes! * 0.1;
      out.push(entry);
    }
    return out;
  }

  private dispatch(entries: readonly StreamEntry[]): void {
    for (const listener of this.listeners) {
      try {
        listener(entries);
      } catch (err) {
        this.logger.error(`live fan-out failed for entries up to ${this.lastId}: ${(err as Error).stack ?? err}`);
      }
    }
  }
}

/** A stream entry's fields: `p` (encoded points), `a` (alert changes, JSON) or `s` (source states, JSON); anything unreadable counts as empty. */
function decodeEntry(id: string, fields: string[]): StreamEntry {
  const p = fields.indexOf('p');
  if (p >= 0) {
    const encoded = fields[p + 1];
    return { id, points: decodePoints(encoded), bytes: encoded.length };
  }
  const a = fields.indexOf('a');
  if (a >= 0) {
    const json = fields[a + 1];
    try {
      const alerts = JSON.parse(json) as LiveAlert[];
      if (Array.isArray(alerts)) return { id, points: [], alerts, bytes: json.length };
    } catch {
      // Not ours: skipped like an empty entry.
    }
  }
  const s = fields.indexOf('s');
  if (s >= 0) {
    const json = fields[s + 1];
    try {
      const sources = JSON.parse(json) as LiveSource[];
      if (Array.isArray(sources)) return { id, points: [], sources, bytes: json.length };
    } catch {
      // Skipped like an empty entry.
    }
  }
  return { id, points: [], bytes: 2 };
}
