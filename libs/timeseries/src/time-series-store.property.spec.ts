import { AGGREGATIONS, type IndicatorPoint, type TimedValue } from '@app/contracts';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { aggregateBuckets } from './bucket-aggregate.util';
import { ChunkedTimeSeriesStore } from './chunked-time-series.store';
import { startRedisCluster, type TestCluster } from './redis-cluster.testing';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The plain in-memory model: a map ts → value per series, last write wins. */
class Model {
  private readonly series = new Map<string, Map<number, number>>();
  write(points: IndicatorPoint[]): void {
    for (const p of points) {
      const id = `${p.indicator}|${p.scope}`;
      if (!this.series.has(id)) this.series.set(id, new Map());
      // -0 is stored as 0: JSON, the API's format, has no negative zero either.
      this.series.get(id)!.set(p.ts, p.value === 0 ? 0 : p.value);
    }
  }
  raw(id: string, from: number, to: number): TimedValue[] {
    return [...(this.series.get(id) ?? new Map<number, number>()).entries()]
      .filter(([ts]) => ts >= from && ts <= to)
      .sort((a, b) => a[0] - b[0])
      .map(([ts, value]) => ({ ts, value }));
  }
  /** Every (series id, ts) written. */
  keys(): [string, number][] {
    return [...this.series].flatMap(([id, points]) => [...points.keys()].map((ts): [string, number] => [id, ts]));
  }
  latest(id: string): TimedValue | null {
    const all = this.raw(id, -Infinity, Infinity);
    return all.length ? all[all.length - 1] : null;
  }
}

describe('TimeSeriesStore against an in-memory model (fast-check)', () => {
  const redis = new Redis('redis://127.0.0.1:6379/3');
  const base = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
  const SERIES = ['p.a|1', 'p.a|2', 'p.b|1'];

  afterAll(async () => {
    const keys = await redis.keys('tsprop*');
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  // Timestamps cluster around minute, hour and day edges so buckets are split, refilled and overwritten.
  const tsArb = fc.oneof(
    fc.integer({ min: 0, max: 2 * DAY }),
    fc.constantFrom(0, MIN - 1, MIN, HOUR - 1, HOUR, DAY - 1, DAY, DAY + 1).map((x) => x),
    fc.integer({ min: -3, max: 3 }).chain((d) => fc.constantFrom(MIN, HOUR, DAY).map((edge) => edge + d)),
  );
  const pointArb = fc.record({
    series: fc.constantFrom(...SERIES),
    ts: tsArb,
    value: fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -5, max: 5 }),
    ),
  });
  const batchesArb = fc.array(fc.array(pointArb, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 6 });

  let cluster: TestCluster | undefined;
  afterAll(() => cluster?.stop());

  it.each(['standalone Redis, batched', 'standalone Redis, a script per series', 'Redis Cluster'])(
    'range at every step and agg, latest and trim answer as the model does (%s)',
    async (mode) => {
      if (mode === 'Redis Cluster') cluster ??= await startRedisCluster();
      const client = mode === 'Redis Cluster' ? (cluster!.client as unknown as Redis) : redis;
      const scriptPerSeries = mode.includes('per series') || undefined;
      await fc.assert(
        fc.asyncProperty(
          batchesArb,
          fc.constantFrom(MIN, HOUR, DAY, 7 * MIN, 1000),
          fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
          async (batches, step, refresh) => {
            const prefix = `tsprop${randomBytes(4).toString('hex')}`;
            const store = new ChunkedTimeSeriesStore(client, {
              prefix,
              retention: () => ({ rawMs: 3650 * DAY, rollupMs: 3650 * DAY }),
              scriptPerSeries,
            });
            const model = new Model();
            for (const batch of batches) {
              const points = batch.map((p) => {
                const [indicator, scope] = p.series.split('|');
                return { indicator, scope, ts: base + p.ts, value: p.value };
              });
              await store.write(points);
              model.write(points);
              // Between batches, rollups get computed (by the worker, or by a read): later batches must make them stale.
              if (refresh[batches.indexOf(batch)]) {
                await store.refreshRollups();
                await store.range(
                  { indicator: 'p.a', scope: '1' },
                  { from: base, to: base + 2 * DAY - 1, step: MIN, agg: 'sum' },
                );
              }
            }
            for (const id of SERIES) {
              const [indicator, scope] = id.split('|');
              const ref = { indicator, scope };
              const from = base + 30 * 1000;
              const to = base + DAY + HOUR;
              expect(await store.range(ref, { from: base - DAY, to: base + 3 * DAY })).toEqual(
                model.raw(id, base - DAY, base + 3 * DAY),
              );
              // Bounds aligned to nothing, to minutes, hours and days: rollups inside, finer levels and raw points on the edges.
              for (const [f, t] of [
                [from, to],
                [base, base + 2 * DAY - 1],
                [base + HOUR, base + DAY + 2 * HOUR - 1],
                [base + MIN, base + 3 * HOUR + MIN - 1],
                [base + HOUR + 90 * 1000, base + 2 * DAY + 2 * MIN + 10 * 1000],
                [base - DAY + 7, base + DAY + 3 * HOUR - 1],
              ]) {
                for (const agg of AGGREGATIONS) {
                  const want = aggregateBuckets(model.raw(id, f, t), step, agg);
                  const got = await store.range(ref, { from: f, to: t, step, agg });
                  expect(got.map((p) => p.ts)).toEqual(want.map((p) => p.ts));
                  got.forEach((p, i) => expect(p.value).toBeCloseTo(want[i].value, 6));
                }
              }
              expect((await store.latest([ref]))[0]).toEqual(model.latest(id));
            }
            // Trim, long after the retention, forgets every series-day (on a Cluster: walking each master).
            const seriesDays = new Set(model.keys().map(([id, ts]) => `${id}#${Math.floor(ts / DAY)}`));
            expect(await store.trim(base + 3700 * DAY)).toBe(seriesDays.size);
            for (const id of SERIES) {
              const [indicator, scope] = id.split('|');
              expect(await store.range({ indicator, scope }, { from: 0, to: base + 3 * DAY, step: DAY })).toEqual([]);
            }
            if (mode !== 'Redis Cluster') {
              const keys = await redis.keys(`${prefix}:*`);
              if (keys.length) await redis.del(...keys);
            }
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});
