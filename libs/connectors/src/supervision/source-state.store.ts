import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { RejectedPoint } from '@app/contracts';
import { RedisConnections } from '@app/redis';
import { randomUUID } from 'node:crypto';

/** Rejected points of the last run kept for the API. */
export const LAST_REJECTED_KEPT = 20;

/** A source's run state as stored in Redis (one hash per source). */
export interface StoredRunState {
  lastRunAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  failures: number;
  accepted: number;
  rejected: number;
  lastRejected: RejectedPoint[];
  etag?: string;
  lastModified?: string;
  /** The URL the validators belong to (a changed URL starts without them). */
  validatorsFor?: string;
}

/** What one run changes. */
export type RunOutcome =
  | {
      ok: true;
      at: number;
      accepted: number;
      rejected: RejectedPoint[];
      etag?: string;
      lastModified?: string;
      validatorsFor?: string;
    }
  | { ok: false; at: number; error: string; accepted?: number; rejected?: RejectedPoint[] };

// Releases a lock only if it is still ours.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The run state of every source in Redis, shared by all worker processes: last run, last success,
 * last error, counters, ETag / Last-Modified; and the per-source run lock that keeps two workers from
 * polling one source at the same time (a slow poll overlapping the next tick).
 */
@Injectable()
export class SourceStateStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.prefix = `${config.redisPrefix}:connectors`;
  }

  private key(id: string): string {
    return `${this.prefix}:state:${id}`;
  }

  async get(id: string): Promise<StoredRunState> {
    return parse(await this.redis.command.hgetall(this.key(id)));
  }

  async getMany(ids: string[]): Promise<Map<string, StoredRunState>> {
    const pipe = this.redis.command.pipeline();
    for (const id of ids) pipe.hgetall(this.key(id));
    const res = (await pipe.exec()) ?? [];
    return new Map(ids.map((id, i) => [id, parse((res[i]?.[1] as Record<string, string>) ?? {})]));
  }

  /** Records a run; returns the failures in a row after it. */
  async record(id: string, outcome: RunOutcome): Promise<number> {
    const key = this.key(id);
    const rejected = outcome.rejected ?? [];
    const m = this.redis.command.multi();
    m.hset(key, 'lastRunAt', String(outcome.at));
    if (outcome.accepted) m.hincrby(key, 'accepted', outcome.accepted);
    if (rejected.length) m.hincrby(key, 'rejected', rejected.length);
    m.hset(key, 'lastRejected', JSON.stringify(rejected.slice(0, LAST_REJECTED_KEPT)));
    if (outcome.ok) {
      m.hset(key, 'lastSuccessAt', String(outcome.at), 'failures', '0');
      m.hdel(key, 'lastError');
      if (outcome.etag !== undefined || outcome.lastModified !== undefined) {
        m.hdel(key, 'etag', 'lastModified');
        if (outcome.etag) m.hset(key, 'etag', outcome.etag);
        if (outcome.lastModified) m.hset(key, 'lastModified', outcome.lastModified);
        if (outcome.validatorsFor) m.hset(key, 'validatorsFor', outcome.validatorsFor);
      }
    } else {
      m.hset(key, 'lastError', outcome.error.slice(0, 1000));
      m.hincrby(key, 'failures', 1);
    }
    m.hget(key, 'failures');
    const res = await m.exec();
    return Number(res?.[res.length - 1]?.[1] ?? 0);
  }

  /**
   * A connection attempt of a held source (MQTT): a success ends the failures in a row, a failure
   * counts one and keeps its words. Returns the failures in a row after it.
   */
  async recordConnection(id: string, at: number, error: string | null): Promise<number> {
    const key = this.key(id);
    const m = this.redis.command.multi();
    if (error === null) {
      m.hset(key, 'lastSuccessAt', String(at), 'failures', '0');
      m.hdel(key, 'lastError');
    } else {
      m.hset(key, 'lastError', error.slice(0, 1000));
      m.hincrby(key, 'failures', 1);
    }
    m.hget(key, 'failures');
    const res = await m.exec();
    return Number(res?.[res.length - 1]?.[1] ?? 0);
  }

  /**
   * Messages taken from a held source (MQTT): `lastRunAt` is the last message, `lastSuccessAt` the
   * last one that gave a point; `lastRejected` keeps the newest rejections (a batch without any leaves
   * it as it was, so a bad message stays visible among many good ones).
   */
  async recordMessages(id: string, at: number, accepted: number, rejected: RejectedPoint[]): Promise<void> {
    const key = this.key(id);
    const before = rejected.length ? (await this.get(id)).lastRejected : [];
    const m = this.redis.command.multi();
    m.hset(key, 'lastRunAt', String(at));
    if (accepted) m.hincrby(key, 'accepted', accepted).hset(key, 'lastSuccessAt', String(at));
    if (rejected.length) {
      m.hincrby(key, 'rejected', rejected.length);
      m.hset(key, 'lastRejected', JSON.stringify([...rejected, ...before].slice(0, LAST_REJECTED_KEPT)));
    }
    await m.exec();
  }

  async remove(id: string): Promise<void> {
    await this.redis.command.del(this.key(id), `${this.prefix}:lock:${id}`);
  }

  /** Takes the source's run lock for `ttlMs`; returns a release function, or null when another run holds it. */
  async lock(id: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const key = `${this.prefix}:lock:${id}`;
    const token = randomUUID();
    const ok = await this.redis.command.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return async () => {
      await this.redis.command.eval(RELEASE, 1, key, token);
    };
  }
}

function parse(h: Record<string, string>): StoredRunState {
  const num = (v: string | undefined) => (v === undefined ? null : Number(v));
  let lastRejected: RejectedPoint[] = [];
  try {
    lastRejected = h.lastRejected ? (JSON.parse(h.lastRejected) as RejectedPoint[]) : [];
  } catch {
    /* left empty */
  }
  return {
    lastRunAt: num(h.lastRunAt),
    lastSuccessAt: num(h.lastSuccessAt),
    lastError: h.lastError ?? null,
    failures: Number(h.failures ?? 0),
    accepted: Number(h.accepted ?? 0),
    rejected: Number(h.rejected ?? 0),
    lastRejected,
    etag: h.etag,
    lastModified: h.lastModified,
    validatorsFor: h.validatorsFor,
  };
}
