import { MAX_RAW_RANGE_POINTS } from '@app/contracts';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { ChunkedTimeSeriesStore } from './chunked-time-series.store';
import { RevisionLog } from './revision-log.store';
import { RangeTooLargeError } from './time-series-store';

const DAY = 86_400_000;
const retention = () => ({ rawMs: 400 * DAY, rollupMs: 3650 * DAY });

describe('ChunkedTimeSeriesStore on real Redis', () => {
  const redis = new Redis('redis://127.0.0.1:6379/3');
  const prefix = `tsunit${randomBytes(4).toString('hex')}`;
  const store = new ChunkedTimeSeriesStore(redis, { prefix, retention });
  const T = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
  const s = { indicator: 'a.b', scope: '718' };

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('keeps the last value per ts and answers in time order whatever the arrival order', async () => {
    await store.write([
      { ...s, ts: T + 2, value: 2 },
      { ...s, ts: T, value: 0 },
      { ...s, ts: T + 1, value: 1 },
      { ...s, ts: T + 1, value: 11 },
    ]);
    await store.write([{ ...s, ts: T, value: 10 }]);
    expect(await store.range(s, { from: T, to: T + 2 })).toEqual([
      { ts: T, value: 10 },
      { ts: T + 1, value: 11 },
      { ts: T + 2, value: 2 },
    ]);
    expect(await store.latest([s, { indicator: 'a.b', scope: 'none' }])).toEqual([{ ts: T + 2, value: 2 }, null]);
  });

  for (const scriptPerSeries of [false, true]) {
    it(`says which series got a new latest point and the one before, the same again on a retry (${scriptPerSeries ? 'per-series script' : 'batched script'})`, async () => {
      const w = new ChunkedTimeSeriesStore(redis, {
        prefix: `${prefix}chg${scriptPerSeries}`,
        retention,
        scriptPerSeries,
      });
      const a = { indicator: 'c.a', scope: '1' };
      const b = { indicator: 'c.b', scope: '1' };
      const first = await w.write([
        { ...a, ts: T + 1000, value: 1 },
        { ...a, ts: T, value: 0 },
        { ...b, ts: T, value: 5 },
      ]);
      expect(first.latest).toEqual([
        { ...a, ts: T + 1000, value: 1, previous: null },
        { ...b, ts: T, value: 5, previous: null },
      ]);
      const second = [
        { ...a, ts: T + 2000, value: 2 },
        { ...b, ts: T - 1000, value: 4 },
      ];
      const outcome = await w.write(second);
      // b's point is late (older than its latest): no change for b.
      expect(outcome.latest).toEqual([{ ...a, ts: T + 2000, value: 2, previous: { ts: T + 1000, value: 1 } }]);
      // A retried job: the same change, the same previous point (not the point itself).
      expect((await w.write(second)).latest).toEqual(outcome.latest);
      // A correction of the latest ts keeps the point before it as previous.
      expect((await w.write([{ ...a, ts: T + 2000, value: 2.5 }])).latest).toEqual([
        { ...a, ts: T + 2000, value: 2.5, previous: { ts: T + 1000, value: 1 } },
      ]);
      expect(await w.latest([a, b])).toEqual([
        { ts: T + 2000, value: 2.5 },
        { ts: T, value: 5 },
      ]);
    });
  }

  for (const scriptPerSeries of [false, true]) {
    it(`logs period reports in the write's round trip, none twice on a retry (${scriptPerSeries ? 'per-series script' : 'batched script'})`, async () => {
      const revisionLog = new RevisionLog(redis, `${prefix}:rev`);
      const withLog = new ChunkedTimeSeriesStore(redis, { prefix, retention, scriptPerSeries, revisionLog });
      const p = { indicator: `per.${scriptPerSeries}`, scope: '718' };
      const points = [
        { ...s, ts: T + 5, value: 5 },
        { ...p, ts: T, value: 41.2 },
        { ...p, ts: T, value: 52 },
      ];
      const revisions = [
        { ...points[1], reportedAt: 1000, by: 'k' },
        { ...points[2], reportedAt: 1000, by: 'k' },
      ];
      const first = await withLog.write(points, { revisions });
      expect(first.revisions).toEqual([
        { appended: true, revised: false, previous: null },
        { appended: true, revised: true, previous: 41.2 },
      ]);
      // A retried job: nothing logged again, the same answer about the current value.
      const again = await withLog.write(points.slice(2), { revisions: revisions.slice(1) });
      expect(again.revisions).toEqual([{ appended: false, revised: true, previous: 41.2 }]);
      expect((await revisionLog.period(p.indicator, p.scope, T)).map((r) => r.value)).toEqual([41.2, 52]);
      expect(await withLog.latest([p])).toEqual([{ ts: T, value: 52 }]);
      // A store without a revision log refuses a write that asks for one.
      await expect(store.write(points, { revisions })).rejects.toThrow('no revision log');
    });
  }

  it('writing the same batch twice changes no answer', async () => {
    const ref = { indicator: 'a.idem', scope: '1' };
    const batch = Array.from({ length: 50 }, (_, i) => ({ ...ref, ts: T + i * 1000, value: i * 1.5 }));
    await store.write(batch);
    const once = await store.range(ref, { from: T, to: T + DAY, step: 10_000, agg: 'sum' });
    await store.write(batch);
    expect(await store.range(ref, { from: T, to: T + DAY, step: 10_000, agg: 'sum' })).toEqual(once);
  });

  it('a batch applied half way and then retried answers exactly as one clean write', async () => {
    const clean = new ChunkedTimeSeriesStore(redis, { prefix: `${prefix}clean`, retention });
    const ref = { indicator: 'a.retry', scope: '1' };
    const batch = Array.from({ length: 400 }, (_, i) => ({
      ...ref,
      ts: T + ((i * 7919) % 400) * 1000,
      value: (i * 31) % 17,
    }));
    await store.write(batch.slice(0, 200)); // what a write that failed half way left behind
    await store.write(batch); // BullMQ's retry
    await clean.write(batch);
    for (const agg of ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] as const) {
      const q = { from: T, to: T + DAY, step: 60_000, agg };
      expect(await store.range(ref, q)).toEqual(await clean.range(ref, q));
    }
    expect(await store.latest([ref])).toEqual(await clean.latest([ref]));
  });

  it('a write that really fails half way (in its second script call) and is retried answers as one clean write', async () => {
    const failing = new ChunkedTimeSeriesStore(redis, { prefix: `${prefix}fail`, retention });
    const clean = new ChunkedTimeSeriesStore(redis, { prefix: `${prefix}ok`, retention });
    // 600 series: two script calls of up to 500 series in one pipeline; series 550 breaks the second.
    // Series 500 and up have one point, the others two.
    const batch = Array.from({ length: 1200 }, (_, i) => ({
      indicator: `f.s${i % 600}`,
      scope: '1',
      ts: T + Math.floor(i / 600) * 60_000 + (i % 7) * 1000,
      value: (i * 13) % 11,
    })).filter((_, i) => i >= 600 || i < 500);
    const broken = `${prefix}fail:{f.s550|1}:l`;
    await redis.hset(broken, 'x', '1');
    await expect(failing.write(batch)).rejects.toThrow(/WRONGTYPE/);
    while ((await failing.refreshRollups(1000)) > 0); // rollups of what the failed write left behind
    await redis.del(broken);
    await failing.write(batch); // BullMQ's retry
    await clean.write(batch);
    while ((await failing.refreshRollups(1000)) > 0);
    while ((await clean.refreshRollups(1000)) > 0);
    for (const n of [0, 499, 500, 549, 550, 551, 599]) {
      const ref = { indicator: `f.s${n}`, scope: '1' };
      for (const agg of ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] as const) {
        const q = { from: T, to: T + DAY - 1, step: 60_000, agg };
        expect(await failing.range(ref, q)).toEqual(await clean.range(ref, q));
      }
      expect(await failing.range(ref, { from: T, to: T + DAY })).toEqual(
        await clean.range(ref, { from: T, to: T + DAY }),
      );
      expect(await failing.latest([ref])).toEqual(await clean.latest([ref]));
    }
  });

  it('drops raw points older than the retention', async () => {
    const ref = { indicator: 'a.old', scope: '1' };
    await store.write([
      { ...ref, ts: Date.now() - 500 * DAY, value: 1 },
      { ...ref, ts: T, value: 2 },
    ]);
    expect(await store.range(ref, { from: 0, to: Date.now() })).toEqual([{ ts: T, value: 2 }]);
  });

  it('trim forgets days past both retentions, keeps the rest and the latest point', async () => {
    // Raw points 6 days, rollups 9: a day goes once it is 9 days past its end, not before.
    const short = new ChunkedTimeSeriesStore(redis, {
      prefix: `${prefix}trim`,
      retention: () => ({ rawMs: 6 * DAY, rollupMs: 9 * DAY }),
    });
    const ref = { indicator: 'a.trim', scope: '1' };
    const now = Date.now();
    await short.write([
      { ...ref, ts: T - 2 * DAY, value: 1 },
      { ...ref, ts: T - 2 * DAY + 1, value: 2 },
      { ...ref, ts: T, value: 5 },
    ]);
    while ((await short.refreshRollups()) > 0);
    const q = { from: T - 20 * DAY, to: T + DAY - 1, step: DAY, agg: 'sum' as const };
    const both = [
      { ts: T - 2 * DAY, value: 3 },
      { ts: T, value: 5 },
    ];
    expect(await short.range(ref, q)).toEqual(both);
    expect(await short.trim(now)).toBe(0);
    expect(await short.range(ref, q)).toEqual(both);
    // Six days on, the first day is past both retentions; the second is not.
    expect(await short.trim(now + 6 * DAY)).toBe(1);
    expect(await short.trim(now + 6 * DAY)).toBe(0);
    expect(await short.range(ref, q)).toEqual([{ ts: T, value: 5 }]);
    const fields = await redis.hkeys(`${prefix}trim:{a.trim|1}:r`);
    expect(fields).not.toContain(`d${Math.floor(T / DAY) - 2}`);
    expect(fields).toContain(`d${Math.floor(T / DAY)}`);
    // Later still everything goes but the latest point.
    expect(await short.trim(now + 20 * DAY)).toBe(1);
    expect(await redis.exists(`${prefix}trim:{a.trim|1}:r`, `${prefix}trim:{a.trim|1}:days`)).toBe(0);
    expect(await short.range(ref, q)).toEqual([]);
    expect(await short.latest([ref])).toEqual([{ ts: T, value: 5 }]);
  });

  it('refreshRollups puts the series-days back in the dirty set when Redis refuses', async () => {
    const ref = { indicator: 'a.dirty', scope: '1' };
    await store.write([{ ...ref, ts: T, value: 1 }]);
    const members = await redis.smembers(`${prefix}:dirty`);
    expect(members).toContain(`a.dirty|1#${Math.floor(T / DAY)}`);
    // A seal script that fails: the sealed key already exists as another type.
    await redis.hset(`${prefix}:{a.dirty|1}:s:${Math.floor(T / DAY)}`, 'x', '1');
    await expect(store.refreshRollups(1000)).rejects.toThrow(/WRONGTYPE/);
    expect(await redis.smembers(`${prefix}:dirty`)).toEqual(expect.arrayContaining(members));
    await redis.del(`${prefix}:{a.dirty|1}:s:${Math.floor(T / DAY)}`);
    while ((await store.refreshRollups(1000)) > 0);
    expect(await redis.scard(`${prefix}:dirty`)).toBe(0);
    expect(await store.range(ref, { from: T, to: T + DAY - 1, step: DAY, agg: 'max' })).toEqual([{ ts: T, value: 1 }]);
  });

  it('answers unaligned step ranges from rollups once the raw points are gone', async () => {
    const ref = { indicator: 'a.gone', scope: '1' };
    const H = 3_600_000;
    await store.write([
      { ...ref, ts: T - 2 * DAY + 30 * 60_000, value: 1 },
      { ...ref, ts: T - 2 * DAY + 2 * H, value: 2 },
      { ...ref, ts: T - DAY + 5 * H, value: 3 },
      { ...ref, ts: T + H + 10, value: 4 },
    ]);
    while ((await store.refreshRollups(1000)) > 0);
    // As if the raw retention had passed: only the rollups are left.
    const day0 = Math.floor(T / DAY);
    for (const d of [day0 - 2, day0 - 1, day0])
      await redis.del(`${prefix}:{a.gone|1}:c:${d}`, `${prefix}:{a.gone|1}:s:${d}`);
    const q = { from: T - 2 * DAY + H + 500, to: T + 2 * H + 499, step: DAY, agg: 'sum' as const };
    expect(await store.range(ref, q)).toEqual([
      { ts: T - 2 * DAY, value: 2 },
      { ts: T - DAY, value: 3 },
      { ts: T, value: 4 },
    ]);
  });

  it('refuses a raw range over the limit', async () => {
    const ref = { indicator: 'a.many', scope: '1' };
    const points = Array.from({ length: MAX_RAW_RANGE_POINTS + 1 }, (_, i) => ({ ...ref, ts: T + i, value: 1 }));
    await store.write(points);
    await expect(store.range(ref, { from: T, to: T + DAY })).rejects.toBeInstanceOf(RangeTooLargeError);
    expect(await store.range(ref, { from: T, to: T + DAY, step: DAY, agg: 'count' })).toEqual([
      { ts: T, value: MAX_RAW_RANGE_POINTS + 1 },
    ]);
  });

  it('rejects when Redis fails, so the job is retried', async () => {
    // Nothing listens on port 1: every command fails, and no reconnection timer is left behind.
    const broken = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const failing = new ChunkedTimeSeriesStore(broken, { prefix, retention });
    await expect(failing.write([{ ...s, ts: T, value: 1 }])).rejects.toThrow();
    broken.disconnect();
  });
});
