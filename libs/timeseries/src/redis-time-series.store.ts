import { IndicatorPoint, MAX_RAW_RANGE_POINTS, RangeQuery, SeriesRef, seriesId, TimedValue } from '@app/contracts';
import type { Redis } from 'ioredis';
import { aggregateBuckets } from './bucket-aggregate.util';
import { RangeTooLargeError, RetentionResolver, TimeSeriesStore } from './time-series-store';

/** Sets `ts:value` in the latest key unless it already holds a newer ts (an equal ts overwrites). */
const SET_LATEST_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, ':', 1, true)
  if tonumber(string.sub(cur, 1, sep - 1)) > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2])
return 1`;

interface LatestPipeline {
  iocSetLatest(key: string, ts: number, value: string): void;
}

/** Points per HSET/ZADD command. */
const WRITE_CHUNK = 5000;

export interface RedisTimeSeriesStoreOptions {
  prefix: string;
  retention: RetentionResolver;
}

/**
 * A first, simple layout: per series a hash ts → value and a sorted set of its timestamps, both in
 * the series' hash slot (`{indicator|scope}`). Every call is one pipelined round trip per batch
 * (two for multi-series reads). Last write wins per ts; order of arrival does not matter.
 */
export class RedisTimeSeriesStore implements TimeSeriesStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisTimeSeriesStoreOptions,
  ) {
    if (!('iocSetLatest' in redis)) redis.defineCommand('iocSetLatest', { numberOfKeys: 1, lua: SET_LATEST_LUA });
  }

  private keys(ref: SeriesRef): { values: string; index: string; latest: string } {
    const base = `${this.options.prefix}:{${seriesId(ref)}}`;
    return { values: `${base}:v`, index: `${base}:i`, latest: `${base}:l` };
  }

  async write(points: readonly IndicatorPoint[]): Promise<void> {
    if (points.length === 0) return;
    const bySeries = new Map<string, IndicatorPoint[]>();
    for (const p of points) {
      const id = seriesId(p);
      const list = bySeries.get(id);
      if (list) list.push(p);
      else bySeries.set(id, [p]);
    }
    const now = Date.now();
    const pipe = this.redis.pipeline();
    for (const list of bySeries.values()) {
      const { values, index, latest } = this.keys(list[0]);
      // Commands of at most WRITE_CHUNK points: spreading huge argument lists overflows the stack.
      for (let start = 0; start < list.length; start += WRITE_CHUNK) {
        const hashArgs: (string | number)[] = [];
        const zArgs: (string | number)[] = [];
        for (const p of list.slice(start, start + WRITE_CHUNK)) {
          hashArgs.push(p.ts, String(p.value));
          zArgs.push(p.ts, p.ts);
        }
        pipe.hset(values, ...hashArgs);
        pipe.zadd(index, ...zArgs);
      }
      let newest = list[0];
      for (const p of list) if (p.ts >= newest.ts) newest = p;
      (pipe as unknown as LatestPipeline).iocSetLatest(latest, newest.ts, String(newest.value));
      const cutoff = now - this.options.retention(list[0].indicator).rawMs;
      pipe.zremrangebyscore(index, '-inf', `(${cutoff}`);
    }
    const results = await pipe.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('Redis pipeline failed');
  }

  async latest(series: readonly SeriesRef[]): Promise<Array<TimedValue | null>> {
    if (series.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const s of series) pipe.get(this.keys(s).latest);
    const raw = await exec<string | null>(pipe);
    return raw.map((v) => {
      if (v === null) return null;
      const sep = v.indexOf(':');
      return { ts: Number(v.slice(0, sep)), value: Number(v.slice(sep + 1)) };
    });
  }

  async range(ref: SeriesRef, query: RangeQuery): Promise<TimedValue[]> {
    const { values, index } = this.keys(ref);
    if (query.step === undefined) {
      const count = await this.redis.zcount(index, query.from, query.to);
      if (count > MAX_RAW_RANGE_POINTS) throw new RangeTooLargeError(MAX_RAW_RANGE_POINTS);
    }
    const stamps = await this.redis.zrangebyscore(index, query.from, query.to);
    if (stamps.length === 0) return [];
    const raw: (string | null)[] = [];
    for (let i = 0; i < stamps.length; i += WRITE_CHUNK) {
      raw.push(...(await this.redis.hmget(values, ...stamps.slice(i, i + WRITE_CHUNK))));
    }
    const points: TimedValue[] = [];
    stamps.forEach((t, i) => raw[i] !== null && points.push({ ts: Number(t), value: Number(raw[i]) }));
    return query.step === undefined ? points : aggregateBuckets(points, query.step, query.agg ?? 'avg');
  }
}

async function exec<T>(pipe: ReturnType<Redis['pipeline']>): Promise<T[]> {
  const results = await pipe.exec();
  if (!results) throw new Error('Redis pipeline failed');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value as T;
  });
}
