import {
  type IndicatorPoint,
  MAX_RAW_RANGE_POINTS,
  type RangeQuery,
  type SeriesRef,
  seriesId,
  type TimedValue,
} from '@app/contracts';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { DAY_MS, dayOf, encodeRecords, RECORD_BYTES } from './chunk-codec.util';
import {
  answer,
  decodeRollup,
  encodeRollup,
  extendSummaries,
  LEVELS,
  pointSummary,
  type StoredRollup,
  type Summary,
  summarize,
} from './rollup.util';
import { planRange } from './range-plan.util';
import { encodeSealed } from './sealed-codec.util';
import { WriteBlob } from './write-blob.util';
import { defineStoreScripts, type ScriptPipeline, type StorePipeline } from './store-scripts';
import { appendedPoints, appendOffset, mergeDay, readDay, SEALED } from './day-points.util';
import {
  type LatestChange,
  RangeTooLargeError,
  type RetentionResolver,
  type TimeSeriesStore,
  type WriteOptions,
  type WriteOutcome,
} from './time-series-store';
import type { RevisionLog } from './revision-log.store';
import { rawExpiresAt } from './timestamp-window.util';

type Pipeline = ChainableCommander;

/** Keys per MGET when reading many latest points (a whole wall screen is about 10,400: one MGET). */
const LATEST_CHUNK = 20_000;

export interface ChunkedStoreOptions {
  prefix: string;
  retention: RetentionResolver;
  /**
   * One script call per series (required on Redis Cluster, where series live in different slots), or
   * one call for up to SERIES_PER_CALL series (standalone Redis). Default: per series only on a Cluster.
   */
  scriptPerSeries?: boolean;
  /** The revision log a write appends its `revisions` to (in the write's round trip); none: a write with revisions fails. */
  revisionLog?: RevisionLog;
}

/** Series per batched script call on a standalone Redis. */
const SERIES_PER_CALL = 500;

/**
 * Per series (hash tag `{indicator|scope}`, so every key of a series is in one Cluster slot):
 *   `c:<day>`  raw chunk: append-only 12-byte records of one UTC day, expiring with the raw retention;
 *   `s:<day>`  the day sealed once it is over (sealed-codec.util.ts); later points go to a new raw chunk;
 *   `days`     sorted set of the days that have data (trimmed past retention);
 *   `l`        the latest point, `ts:value`, set by compare-and-set;
 *   `r`        hash of rollups per day and level (`m<day>`, `h<day>`, `d<day>`), each stamped with
 *              the chunk length it was computed from: chunks only grow, so an equal length means the
 *              rollup is exact, whatever arrived late or overwrote what.
 * A batch is one pipeline: one script call per 500 series (standalone) or per series (Cluster). The
 * worker refreshes rollups of the days a batch touched (`refreshRollups`), and a read never trusts a
 * stale rollup: it falls back to the raw points.
 */
export class ChunkedTimeSeriesStore implements TimeSeriesStore {
  private readonly dirtyKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: ChunkedStoreOptions,
  ) {
    this.dirtyKey = `${options.prefix}:dirty`;
    defineStoreScripts(redis);
  }

  /**
   * Commands on many series at once: one pipeline on a standalone Redis. On a Cluster a pipeline must
   * stay within one node's slots, so the commands are sent together instead (ioredis writes them
   * back to back on each node's connection) and gathered like a pipeline's results.
   */
  private batch(): Pipeline {
    if (!this.redis.isCluster) return this.redis.pipeline();
    const redis = this.redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const calls: [string, unknown[]][] = [];
    const batch: Pipeline = new Proxy({} as Pipeline, {
      get: (_, name: string) =>
        name === 'exec'
          ? async () =>
              (await Promise.allSettled(calls.map(([n, args]) => redis[n](...args)))).map((r) =>
                r.status === 'fulfilled' ? [null, r.value] : [r.reason as Error, null],
              )
          : (...args: unknown[]) => {
              calls.push([name, args]);
              return batch;
            },
    });
    return batch;
  }

  private base(ref: SeriesRef): string {
    return `${this.options.prefix}:{${seriesId(ref)}}`;
  }

  async write(points: readonly IndicatorPoint[], options: WriteOptions = {}): Promise<WriteOutcome> {
    if (points.length === 0) return { latest: [], revisions: [] };
    const revisions = options.revisions ?? [];
    if (revisions.length > 0 && !this.options.revisionLog) throw new Error('this store has no revision log');
    const now = Date.now();
    const bySeries = new Map<string, PendingSeries>();
    for (const p of points) {
      const id = seriesId(p);
      let s = bySeries.get(id);
      if (!s) bySeries.set(id, (s = { ref: p, days: new Map(), newest: p }));
      if (p.ts >= s.newest.ts) s.newest = p;
      const day = dayOf(p.ts);
      const list = s.days.get(day);
      if (list) list.push(p);
      else s.days.set(day, [p]);
    }
    const pipe = this.batch();
    const dirty: string[] = [];
    const perSeries = this.options.scriptPerSeries ?? this.redis.isCluster;
    // The series of each script call, in call order: their answers say whose latest point was set.
    const calls: PendingSeries[][] = [];
    let blob = new WriteBlob();
    let inBlob: PendingSeries[] = [];
    for (const [id, s] of bySeries) {
      const base = this.base(s.ref);
      const rawMs = this.options.retention(s.ref.indicator).rawMs;
      const days = [...s.days].filter(([day]) => rawExpiresAt(day * DAY_MS, rawMs) > now); // else already expired
      if (perSeries) {
        const keys = [`${base}:l`, `${base}:days`, ...days.map(([day]) => `${base}:c:${day}`)];
        const newest = String(s.newest.value === 0 ? 0 : s.newest.value);
        const args = days.flatMap(([day, list]) => [day, (day + 1) * DAY_MS + rawMs, encodeRecords(day, list)]);
        (pipe as unknown as ScriptPipeline).iocWriteSeries(keys.length, ...keys, s.newest.ts, newest, ...args);
        calls.push([s]);
      } else {
        blob.series(base, s.newest, days.length);
        inBlob.push(s);
        for (const [day, list] of days) blob.chunk(day, (day + 1) * DAY_MS + rawMs, list);
        if (blob.count >= SERIES_PER_CALL) {
          (pipe as unknown as ScriptPipeline).iocWriteBlob(0, blob.done());
          calls.push(inBlob);
          blob = new WriteBlob();
          inBlob = [];
        }
      }
      for (const [day] of days) dirty.push(`${id}#${day}`);
    }
    if (blob.count > 0) {
      (pipe as unknown as ScriptPipeline).iocWriteBlob(0, blob.done());
      calls.push(inBlob);
    }
    if (dirty.length) pipe.sadd(this.dirtyKey, ...dirty);
    // The revision log after the points, in the same round trip: a point stored has its log entry.
    const revisionsAt = calls.length + (dirty.length ? 1 : 0);
    const readRevisions = revisions.length > 0 ? this.options.revisionLog!.queueAppend(pipe, revisions) : null;
    const answers = await execOrThrow(pipe);
    const latest: LatestChange[] = [];
    const changed = (s: PendingSeries, previous: string) =>
      latest.push({
        indicator: s.ref.indicator,
        scope: s.ref.scope,
        ts: s.newest.ts,
        value: s.newest.value,
        previous: previous === '' ? null : parseLatest(previous),
      });
    calls.forEach((series, i) => {
      const answer = answers[i] as (number | string)[];
      if (perSeries) {
        if (Number(answer[0]) === 1) changed(series[0], String(answer[1] ?? ''));
      } else {
        for (let j = 0; j < answer.length; j += 2) changed(series[Number(answer[j]) - 1], String(answer[j + 1]));
      }
    });
    const results = answers.map((a) => [null, a] as [null, unknown]);
    return { latest, revisions: readRevisions ? readRevisions(results, revisionsAt) : [] };
  }

  async latest(series: readonly SeriesRef[]): Promise<Array<TimedValue | null>> {
    if (series.length === 0) return [];
    const keys = series.map((s) => `${this.base(s)}:l`);
    let values: (string | null)[];
    if (!this.redis.isCluster) {
      // Standalone: MGETs of up to LATEST_CHUNK keys, sent together (ioredis writes them back to back).
      const parts: Promise<(string | null)[]>[] = [];
      for (let i = 0; i < keys.length; i += LATEST_CHUNK) parts.push(this.redis.mget(keys.slice(i, i + LATEST_CHUNK)));
      values = parts.length === 1 ? await parts[0] : (await Promise.all(parts)).flat();
    } else {
      // Cluster: the series sit in different slots, so each is read on its own (sent together).
      const pipe = this.batch();
      for (const k of keys) pipe.get(k);
      values = (await execOrThrow(pipe)) as (string | null)[];
    }
    const out = new Array<TimedValue | null>(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null) out[i] = null;
      else {
        out[i] = parseLatest(v);
      }
    }
    return out;
  }

  async range(ref: SeriesRef, q: RangeQuery): Promise<TimedValue[]> {
    const base = this.base(ref);
    const days = (await this.redis.zrangebyscore(`${base}:days`, dayOf(q.from), dayOf(q.to))).map(Number);
    if (q.step === undefined) return this.rawRange(base, days, q.from, q.to);
    // Whole buckets of the coarsest exact rollup level; finer levels, then raw points, on the edges.
    const parts = await Promise.all(
      planRange(q.from, q.to, q.step).map(async (part) => {
        const partDays = days.filter((d) => d >= dayOf(part.from) && d <= dayOf(part.to));
        if (part.level === 'raw')
          return (await this.rawRange(base, partDays, part.from, part.to, Infinity)).map(pointSummary);
        const summaries = await this.rollups(base, partDays, part.level);
        return summaries.filter((s) => s.start >= part.from && s.start <= part.to);
      }),
    );
    return answer(parts.flat(), q.step, q.agg ?? 'avg');
  }

  /**
   * Recomputes the rollups of up to `limit` series-days that writes touched, and seals finished days
   * (compact, immutable; later points stay raw beside them): three round trips for the lot (four
   * when some days turn out to need a whole read).
   * Returns how many series-days it took; on failure they go back to the dirty set.
   */
  async refreshRollups(limit = 500): Promise<number> {
    const members = (await this.redis.spop(this.dirtyKey, limit)) as string[];
    if (members.length === 0) return 0;
    try {
      await this.refreshDays(members);
    } catch (err) {
      await this.redis.sadd(this.dirtyKey, ...members).catch(() => undefined);
      throw err;
    }
    return members.length;
  }

  /**
   * Forgets the days whose raw points and rollups are both past retention: their rollup fields and
   * their entries in `days` (raw chunks and sealed days expire by themselves). The latest point stays.
   * Walks the store's `days` keys with SCAN (on each master of a Cluster), one script call per
   * series, pipelined per page. Returns the series-days dropped.
   */
  async trim(now = Date.now()): Promise<number> {
    let dropped = 0;
    const nodes = this.redis.isCluster ? (this.redis as unknown as Cluster).nodes('master') : [this.redis];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${this.options.prefix}:{*}:days`, 'COUNT', 1000);
        cursor = next;
        if (keys.length === 0) continue;
        const pipe = this.batch();
        for (const key of keys) {
          const id = key.slice(key.indexOf('{') + 1, key.lastIndexOf('}'));
          const { rawMs, rollupMs } = this.options.retention(id.slice(0, id.indexOf('|')));
          const cutoff = dayOf(now - Math.max(rawMs, rollupMs));
          (pipe as unknown as StorePipeline).iocTrim(key, `${key.slice(0, -'days'.length)}r`, cutoff);
        }
        for (const n of await execOrThrow(pipe)) dropped += Number(n);
      } while (cursor !== '0');
    }
    return dropped;
  }

  /**
   * Brings the rollups of these series-days up to date. Where the stored rollups are exact for the
   * first L bytes of the raw chunk and the bytes after L are points later than any summarized (the
   * usual case: points arriving in time order), it reads only those bytes and extends the rollups;
   * otherwise (late points, overwrites, a day to seal, no rollups yet) it reads the whole day.
   */
  private async refreshDays(members: readonly string[]): Promise<void> {
    const days = members.map((m) => {
      const sep = m.lastIndexOf('#');
      const id = m.slice(0, sep);
      return { id, day: Number(m.slice(sep + 1)), base: `${this.options.prefix}:{${id}}` };
    });
    const today = dayOf(Date.now());
    const state = this.batch();
    for (const { base, day } of days)
      state
        .hmgetBuffer(`${base}:r`, ...LEVELS.map((l) => `${l.name}${day}`))
        .strlen(`${base}:c:${day}`)
        .exists(`${base}:s:${day}`);
    const st = await execOrThrow(state);
    const full: typeof days = [];
    const tails: { d: (typeof days)[number]; stored: StoredRollup[]; from: number; flag: number }[] = [];
    days.forEach((d, k) => {
      const blobs = st[3 * k] as (Buffer | null)[];
      const rawLength = Number(st[3 * k + 1]);
      const sealed = Number(st[3 * k + 2]) === 1;
      const stored = blobs.every((b) => b !== null) ? blobs.map((b) => decodeRollup(b!)) : null;
      const from =
        stored && (d.day >= today || sealed) && stored.every((r) => r.chunkLength === stored[0].chunkLength)
          ? appendOffset(stored[0].chunkLength, stored[0].lastTs, sealed, rawLength)
          : null;
      if (from === null) full.push(d);
      else if (from < rawLength) tails.push({ d, stored: stored!, from, flag: sealed ? SEALED : 0 });
    });
    const write = this.batch();
    let writes = 0;
    if (tails.length > 0) {
      const read = this.batch();
      for (const { d, from } of tails) read.getrangeBuffer(`${d.base}:c:${d.day}`, from, -1);
      const got = await execOrThrow(read);
      tails.forEach(({ d, stored, from, flag }, k) => {
        const points = appendedPoints(d.day, got[k] as Buffer, stored[0].lastTs!);
        if (!points) return full.push(d); // late points or overwrites: recompute the day
        if (points.length === 0) return;
        writes++;
        const stamp = flag + from + points.length * RECORD_BYTES;
        const lastTs = points[points.length - 1].ts;
        write.hset(
          `${d.base}:r`,
          ...LEVELS.flatMap((l, i) => [
            `${l.name}${d.day}`,
            encodeRollup(stamp, extendSummaries(stored[i].summaries, points, l.ms), lastTs),
          ]),
        );
      });
    }
    if (full.length > 0) {
      const read = this.batch();
      for (const { base, day } of full) read.getBuffer(`${base}:c:${day}`).getBuffer(`${base}:s:${day}`);
      const got = await execOrThrow(read);
      full.forEach(({ id, day, base }, k) => {
        const { points, stamp, sealed } = readDay(day, got[2 * k] as Buffer | null, got[2 * k + 1] as Buffer | null);
        if (points.length === 0) return;
        writes++;
        if (day < today && !sealed) {
          // Seal once, only if the raw chunk is still what was read; its rollups in the same script.
          const indicator = id.slice(0, id.indexOf('|'));
          const expireAt = (day + 1) * DAY_MS + this.options.retention(indicator).rawMs;
          (write as unknown as StorePipeline).iocSeal(
            `${base}:c:${day}`,
            `${base}:s:${day}`,
            `${base}:r`,
            stamp,
            encodeSealed(day, points),
            expireAt,
            ...rollupFields(day, SEALED, points),
          );
        } else write.hset(`${base}:r`, ...rollupFields(day, stamp, points));
      });
    }
    if (writes > 0) await execOrThrow(write);
  }

  private async rawRange(
    base: string,
    days: number[],
    from: number,
    to: number,
    limit = MAX_RAW_RANGE_POINTS,
  ): Promise<TimedValue[]> {
    const out: TimedValue[] = [];
    for (let i = 0; i < days.length; i += 32) {
      const slice = days.slice(i, i + 32);
      const pipe = this.redis.pipeline();
      for (const d of slice) pipe.getBuffer(`${base}:c:${d}`).getBuffer(`${base}:s:${d}`);
      const res = await pipe.exec();
      slice.forEach((d, k) => {
        const [e1, raw] = res![2 * k];
        const [e2, sealed] = res![2 * k + 1];
        if (e1 || e2) throw e1 ?? e2;
        for (const p of mergeDay(d, raw as Buffer | null, sealed as Buffer | null))
          if (p.ts >= from && p.ts <= to) out.push(p);
      });
      if (out.length > limit) throw new RangeTooLargeError(MAX_RAW_RANGE_POINTS);
    }
    return out;
  }

  /** Summaries of a level for the given days: stored rollups where still exact, else from the raw points. */
  private async rollups(base: string, days: number[], level: 'd' | 'h' | 'm'): Promise<Summary[]> {
    const out: Summary[] = [];
    for (let i = 0; i < days.length; i += 64) {
      const slice = days.slice(i, i + 64);
      const pipe = this.redis.pipeline();
      for (const d of slice)
        pipe.strlen(`${base}:c:${d}`).exists(`${base}:s:${d}`).hgetBuffer(`${base}:r`, `${level}${d}`);
      const res = await pipe.exec();
      const ms = LEVELS.find((l) => l.name === level)!.ms;
      for (let k = 0; k < slice.length; k++) {
        const day = slice[k];
        const rawLength = Number(res![3 * k][1]);
        const flag = Number(res![3 * k + 1][1]) ? SEALED : 0;
        const blob = res![3 * k + 2][1] as Buffer | null;
        const stored = blob ? decodeRollup(blob) : null;
        // Equal stamp: exact. Stamp 0 with a stored rollup: the raw points have expired; the rollup stays.
        if (stored && (stored.chunkLength === flag + rawLength || flag + rawLength === 0)) {
          out.push(...stored.summaries);
          continue;
        }
        // Behind by appended points only (the refresher has not run yet): extend it with them.
        const from = stored ? appendOffset(stored.chunkLength, stored.lastTs, flag === SEALED, rawLength) : null;
        if (stored && from !== null && from < rawLength) {
          const points = appendedPoints(
            day,
            await this.redis.getrangeBuffer(`${base}:c:${day}`, from, -1),
            stored.lastTs!,
          );
          if (points) {
            out.push(...extendSummaries(stored.summaries, points, ms));
            continue;
          }
        }
        out.push(...summarize(await this.rollupDay(base, day), ms));
      }
    }
    return out;
  }

  /** Reads one day (sealed and raw), stores its three rollup levels, stamped, and returns its points. */
  private async rollupDay(base: string, day: number): Promise<TimedValue[]> {
    const got = await execOrThrow(this.redis.pipeline().getBuffer(`${base}:c:${day}`).getBuffer(`${base}:s:${day}`));
    const { points, stamp } = readDay(day, got[0] as Buffer | null, got[1] as Buffer | null);
    if (points.length > 0) await this.redis.hset(`${base}:r`, ...rollupFields(day, stamp, points));
    return points;
  }
}

/** The rollups of one day at the three levels, as hash field/value pairs, stamped. */
function rollupFields(day: number, stamp: number, points: readonly TimedValue[]): (string | Buffer)[] {
  const lastTs = points[points.length - 1].ts;
  return LEVELS.flatMap((l) => [`${l.name}${day}`, encodeRollup(stamp, summarize(points, l.ms), lastTs)]);
}

/** A series of a batch being written: its points by UTC day, and its newest point. */
interface PendingSeries {
  ref: SeriesRef;
  days: Map<number, TimedValue[]>;
  newest: TimedValue;
}

/** A latest point as stored: `ts:value`, possibly followed by `;ts:value` of the one it replaced. */
function parseLatest(v: string): TimedValue {
  const sep = v.indexOf(':');
  const end = v.indexOf(';', sep);
  return { ts: +v.slice(0, sep), value: +v.slice(sep + 1, end < 0 ? undefined : end) };
}

async function execOrThrow(pipe: Pipeline): Promise<unknown[]> {
  const results = await pipe.exec();
  if (!results) throw new Error('Redis pipeline failed');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
