import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previousPeriod, periodOf } from '@app/catalogue';
import { DEMO_HISTORY_BY, DEMO_INDICATORS, DEMO_STORY } from '@app/demo';
import { api } from './support/api';
import { deleteRedisPrefix, freePort, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';
import { spawnRedisServer } from './support/redis-server';

/** A demo indicator fed every second. */
const EVERY_SECOND = DEMO_INDICATORS.find((i) => i.cadence === 'second')!.code;

/** The newest demo point of the every-second indicator in province 74 and its districts (0: none). */
async function latestDemoTs(svc: RunningService): Promise<number> {
  const r = await api(svc, svc.adminKey).get(`/api/v1/latest?indicator=${EVERY_SECOND}&scope=74`);
  return ((r.body?.points ?? []) as { ts: number }[]).reduce((max, p) => Math.max(max, p.ts), 0);
}

describe('demo feeds after Redis lost its data', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { IOC_DEMO: '1' } });
  });
  afterAll(() => svc?.cleanup());

  it('come back on their own: new demo points are written after every key of the service was deleted', async () => {
    const latest = () => latestDemoTs(svc);
    await waitFor(async () => (await latest()) > 0, { timeoutMs: 30_000, message: () => 'no demo point at all' });

    // What FLUSHALL or a Redis restart without persistence does to this service (the Redis is shared,
    // so only this service's keys go): series, queues, and the simulator's job schedulers.
    await deleteRedisPrefix(svc.redisUrl, svc.redisPrefix);
    const deletedAt = Date.now();
    // A tick that was under way when the keys went may still land; a point due 2 s after the deletion
    // can only come from a schedule made again after it.
    await waitFor(async () => (await latest()) > deletedAt + 2000, {
      timeoutMs: 30_000,
      intervalMs: 200,
      message: () => `no new demo point after the deletion:\n${svc.output().slice(-2000)}`,
    });
    expect(svc.output()).toMatch(/demo feeds were missing from Redis/);
  });
});

describe('demo feeds after a restart of a Redis without persistence', () => {
  it('come back once the worker is connected again', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ioc-redis-'));
    const startRedis = () => spawnRedisServer(port, dir);
    let redis: ChildProcess = startRedis();
    let svc: RunningService | undefined;
    try {
      svc = await startService({ env: { IOC_DEMO: '1', REDIS_URL: `redis://127.0.0.1:${port}` } });
      await waitFor(async () => (await latestDemoTs(svc!)) > 0, { timeoutMs: 30_000 });
      const gone = new Promise((r) => redis.once('exit', r));
      redis.kill('SIGTERM');
      await gone;
      redis = startRedis();
      const restartedAt = Date.now();
      await waitFor(async () => (await latestDemoTs(svc!)) > restartedAt + 2000, {
        timeoutMs: 30_000,
        intervalMs: 200,
        message: () => `no new demo point after the Redis restart:\n${svc!.output().slice(-2000)}`,
      });
    } finally {
      await svc?.cleanup();
      redis.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('demo statistics', () => {
  let svc: RunningService;
  let startedAt: number;
  const admin = () => api(svc, svc.adminKey);
  // Computed once: the story is about the month before the one the service started in.
  const lastMonth = () => previousPeriod(periodOf('month', startedAt));
  const backfilled = () => (svc.output().match(/demo statistics: \d+ plans, \d+ reports/g) ?? []).length;

  beforeAll(async () => {
    startedAt = Date.now();
    svc = await startService({ env: { IOC_DEMO: '1' } });
    await waitFor(async () => backfilled() === 1, {
      timeoutMs: 60_000,
      message: () => `no backfill:\n${svc.output().slice(-2000)}`,
    });
  });
  afterAll(() => svc?.cleanup());

  it('catalogue: period indicators with their statistics fields, and plans per district and province', async () => {
    const ind = (await admin().get(`/api/v1/indicators/${DEMO_STORY.indicator}`)).body;
    expect(ind).toMatchObject({ period: 'month', timeAgg: 'sum', scopeAgg: 'sum', dueDays: 0, unit: 'tỷ đồng' });
    const year = lastMonth().label.slice(0, 4);
    const plans = (await admin().get(`/api/v1/plans?indicator=${DEMO_STORY.indicator}&year=${year}`)).body.plans;
    expect(plans.map((p: { scope: string }) => p.scope)).toEqual([
      '718',
      '719',
      '720',
      '721',
      '722',
      '723',
      '724',
      '725',
      '726',
      '74',
    ]);
    const targets = (await admin().get('/api/v1/plans?indicator=telecom.broadband_households_pct&scope=722')).body;
    expect(targets.plans.length).toBe(4);
    expect(targets.plans.every((p: { value: number }) => p.value === 100)).toBe(true);
  });

  it("summary of a district's budget revenue shows ytd, plan, % of plan and rank", async () => {
    const r = await admin().get(`/api/v1/series/${DEMO_STORY.indicator}/718/summary?period=${lastMonth().label}`);
    expect(r.status).toBe(200);
    const s = r.body;
    expect(s.value).toBeGreaterThan(0);
    expect(s.ytd).toBeGreaterThanOrEqual(s.value);
    expect(s.plan).toBeGreaterThan(s.value);
    expect(s.planPct).toBeCloseTo((s.ytd / s.plan) * 100, 5);
    expect(s.sameLastYear).toBeGreaterThan(0);
    expect(s.yoyPct).not.toBeNull();
    // 722 has not reported: eight districts are ranked.
    expect(s.rank).toEqual({ position: expect.any(Number), of: 8 });
  });

  it('reporting for last month: on time, late and missing rows', async () => {
    const r = await admin().get(`/api/v1/reporting?period=${lastMonth().label}&domain=finance`);
    expect(r.status).toBe(200);
    const rows = (r.body.rows as { indicator: string; scope: string; status: string; reportedAt?: number }[]).filter(
      (row) => row.indicator === DEMO_STORY.indicator,
    );
    const status = Object.fromEntries(rows.map((row) => [row.scope, row.status]));
    expect(status).toEqual({
      '74': 'on_time',
      '718': 'on_time',
      '719': 'late',
      '720': 'on_time',
      '721': 'on_time',
      '722': 'missing',
      '723': 'on_time',
      '724': 'on_time',
      '725': 'on_time',
      '726': 'late',
    });
    // Reported historically (before the service started), not at the backfill's time.
    expect(rows.every((row) => row.reportedAt === undefined || row.reportedAt < startedAt)).toBe(true);
  });

  it("lists the district's revision of the month before last, with when each report was made", async () => {
    const period = previousPeriod(lastMonth());
    const r = await admin().get(
      `/api/v1/series/${DEMO_STORY.indicator}/${DEMO_STORY.revised}/revisions?period=${period.label}`,
    );
    expect(r.status).toBe(200);
    const [first, revised, ...more] = r.body.revisions;
    expect(more).toEqual([]);
    expect(first.by).toBe(DEMO_HISTORY_BY);
    expect(revised.reportedAt).toBeGreaterThan(first.reportedAt);
    expect(revised.reportedAt).toBeLessThan(startedAt);
    expect(revised.value).toBeCloseTo(first.value * DEMO_STORY.revisedBy, 0);
    const periods = await admin().get(
      `/api/v1/series/${DEMO_STORY.indicator}/${DEMO_STORY.revised}/periods?from=${period.label}&to=${period.label}`,
    );
    expect(periods.body.points).toEqual([expect.objectContaining({ value: revised.value, revised: true })]);
  });

  it('the demo `missing` rule fires for the district that has not reported', async () => {
    const firing = async () =>
      ((await admin().get('/api/v1/alerts?limit=1000&state=firing')).body.alerts as any[]).filter(
        (a) => a.indicator === DEMO_STORY.indicator,
      );
    await waitFor(async () => (await firing()).length > 0, { timeoutMs: 20_000 });
    expect((await firing()).map((a) => a.scope)).toEqual([DEMO_STORY.missing]);
    // Never another scope: the rule was made after the history was in (no alert fired and resolved).
    const resolved = ((await admin().get('/api/v1/alerts?limit=1000&state=resolved')).body.alerts as any[]).filter(
      (a) => a.indicator === DEMO_STORY.indicator,
    );
    expect(resolved).toEqual([]);
  });

  it('period indicators get no simulated points: their latest value is a report', async () => {
    const r = await admin().get(`/api/v1/latest?indicator=${DEMO_STORY.indicator}&scope=718`);
    const [point] = r.body.points as { ts: number }[];
    // The newest report is of last month or this one (its period start), never a tick's second.
    expect(point.ts).toBeLessThanOrEqual(periodOf('month', Date.now()).start);
    expect([lastMonth().start, periodOf('month', startedAt).start]).toContain(point.ts);
  });

  it('a restart with the same data does not backfill again', async () => {
    const before = (await admin().get(`/api/v1/series/${DEMO_STORY.indicator}/74/periods?from=2000-01`)).body.points;
    await svc.restart();
    await waitFor(async () => /demo statistics: plans and history already there/.test(svc.output()), {
      timeoutMs: 30_000,
      message: () => svc.output().slice(-2000),
    });
    expect(backfilled()).toBe(1);
    const after = (await admin().get(`/api/v1/series/${DEMO_STORY.indicator}/74/periods?from=2000-01`)).body.points;
    expect(after).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(36);
  });
});
