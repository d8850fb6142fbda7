import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { IndicatorPoint } from '@app/contracts';
import { RedisConnections } from '@app/redis';
import type { Redis } from 'ioredis';
import { StreamWindow } from './cursor-window.util';
import { decodePoints, liveStreamKey } from './live-stream.util';

export interface StreamEntry {
  id: string;
  points: IndicatorPoint[];
}

type EntryListener = (entry: StreamEntry) => void;
type RawEntries = [id: string, fields: string[]][];

/**
 * One blocking reader of the live stream per gateway process. Entries are handed, in stream
 * order, to the listener (the LiveHub); `lastId` is the newest entry handed over.
 */
@Injectable()
export class LiveStreamReader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveStream');
  private readonly key: string;
  private conn?: Redis;
  private running = false;
  private listener: EntryListener = () => {};
  private loop?: Promise<void>;
  lastId = '0-0';

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.key = liveStreamKey(config.redisPrefix);
  }

  onEntry(listener: EntryListener): void {
    this.listener = listener;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.conn = this.redis.open('live-reader', { maxRetriesPerRequest: null });
    // Know where the stream stands before sockets arrive (not fatal when Redis is still down).
    this.lastId = await withTimeout(this.window(), 2000)
      .then((w) => w.lastGeneratedId)
      .catch(() => '0-0');
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.conn?.disconnect();
    // The loop may be waiting on the shared command connection (Redis down): it ends when that closes.
    await withTimeout(this.loop ?? Promise.resolve(), 1000).catch(() => undefined);
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
    return raw.map(toEntry);
  }

  private async run(): Promise<void> {
    let failing = false;
    while (this.running) {
      try {
        if (this.lastId === '0-0') this.lastId = (await this.window()).lastGeneratedId;
        const res = (await this.conn!.xread('COUNT', 500, 'BLOCK', 5000, 'STREAMS', this.key, this.lastId)) as
          [string, RawEntries][] | null;
        if (failing) this.logger.log('live stream reader resumed');
        failing = false;
        for (const [, entries] of res ?? []) {
          for (const raw of entries) {
            const entry = toEntry(raw);
            this.lastId = entry.id;
            this.dispatch(entry);
          }
        }
      } catch (err) {
        if (!this.running) break;
        if (!failing) this.logger.warn(`live stream reader: ${(err as Error).message}; retrying`);
        failing = true;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private dispatch(entry: StreamEntry): void {
    try {
      this.listener(entry);
    } catch (err) {
      this.logger.error(`live fan-out failed for entry ${entry.id}: ${(err as Error).stack ?? err}`);
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function toEntry([id, fields]: [string, string[]]): StreamEntry {
  const i = fields.indexOf('p');
  return { id, points: i >= 0 ? decodePoints(fields[i + 1]) : [] };
}
