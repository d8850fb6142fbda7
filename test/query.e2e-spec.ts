import { Redis } from 'ioredis';
import { api, seedCatalogue } from './support/api';
import { REDIS_URL, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

describe('queries', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  // Raw points of finance.revenue in D1: every 10 s from T, values 0..59 (10 minutes).
  const T = Date.UTC(2026, 2, 1, 0, 0, 0);
  const raw = Array.from({ length: 60 }, (_, i) => ({ ts: T + i * 10_000, value: (i * 7) % 13 }));

  beforeAll(async () => {
    svc = await startService();
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
    const points = raw.map((p) => ({ indicator: 'finance.revenue', scope: 'D1', ...p }));
    points.push(
      { indicator: 'env.aqi', scope: 'C1', ts: T, value: 50 },
      { indicator: 'env.aqi', scope: 'D2', ts: T, value: 60 },
    );
    expect((await admin.post('/api/v1/ingest', { points })).body.accepted).toBe(62);
    await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/D2/latest')).status === 200);
    await waitFor(
      async () =>
        (await admin.get(`/api/v1/series/finance.revenue/D1/range?from=${T}&to=${T + 600_000}`)).body.points?.length ===
        60,
    );
  });
  afterAll(() => svc?.cleanup());

  const range = (q: string) => admin.get(`/api/v1/series/finance.revenue/D1/range?${q}`);

  /** What a naive computation over the raw points gives. */
  function expected(from: number, to: number, step: number, agg: string) {
    const buckets = new Map<number, number[]>();
    for (const p of raw) {
      if (p.ts < from || p.ts > to) continue;
      const b = Math.floor(p.ts / step) * step;
      buckets.set(b, [...(buckets.get(b) ?? []), p.value]);
    }
    const f: Record<string, (v: number[]) => number> = {
      avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
      sum: (v) => v.reduce((a, b) => a + b, 0),
      min: (v) => Math.min(...v),
      max: (v) => Math.max(...v),
      count: (v) => v.length,
      first: (v) => v[0],
      last: (v) => v[v.length - 1],
    };
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([ts, v]) => ({ ts, value: f[agg](v) }));
  }

  it('latest: the newest point, 404 when there is none', async () => {
    expect((await admin.get('/api/v1/series/finance.revenue/D1/latest')).body).toEqual({
      indicator: 'finance.revenue',
      scope: 'D1',
      ...raw[59],
    });
    const none = await admin.get('/api/v1/series/finance.spend/D1/latest');
    expect(none.status).toBe(404);
    expect(none.body.message).toEqual(expect.any(String));
    expect((await admin.get('/api/v1/series/nope/D1/latest')).status).toBe(404);
  });

  it('range: raw points with inclusive bounds, in time order', async () => {
    const r = await range(`from=${T + 10_000}&to=${T + 30_000}`);
    expect(r.body).toEqual({ indicator: 'finance.revenue', scope: 'D1', points: raw.slice(1, 4) });
    const iso = await range(`from=${new Date(T).toISOString()}&to=2026-03-01T07:00:20%2B07:00`);
    expect(iso.body.points).toEqual(raw.slice(0, 3));
  });

  it.each(['avg', 'min', 'max', 'sum', 'count', 'first', 'last'])(
    'range with step and agg=%s matches a naive computation',
    async (agg) => {
      for (const [from, to, step] of [
        [T, T + 600_000, 60_000],
        [T + 25_000, T + 333_000, 45_000],
        [T - 3_600_000, T + 3_600_000, 3_600_000],
      ]) {
        const r = await range(`from=${from}&to=${to}&step=${step}&agg=${agg}`);
        expect(r.status).toBe(200);
        expect(r.body.points).toEqual(
          expected(from, to, step, agg).map((p) => ({ ts: p.ts, value: expect.closeTo(p.value, 9) })),
        );
      }
    },
  );

  it('step without agg means avg; buckets start at multiples of step; empty buckets are left out', async () => {
    const r = await range(`from=${T}&to=${T + 600_000}&step=7000`);
    expect(r.body.points).toEqual(
      expected(T, T + 600_000, 7000, 'avg').map((p) => ({ ts: p.ts, value: expect.closeTo(p.value, 9) })),
    );
    for (const p of r.body.points) expect(p.ts % 7000).toBe(0);
  });

  it('avg and sum of huge finite values never overflow to null: avg stays exact, sum saturates', async () => {
    const H = Date.UTC(2026, 2, 2, 10); // an hour of its own
    const big = 1.7e308;
    const points = [0, 1000, 61_000, 62_000].map((dt, i) => ({
      indicator: 'finance.spend',
      scope: 'D2',
      ts: H + dt,
      value: i < 2 ? big : -big,
    }));
    expect((await admin.post('/api/v1/ingest', { points })).body.accepted).toBe(4);
    const q = (step: number, agg: string) =>
      admin.get(`/api/v1/series/finance.spend/D2/range?from=${H}&to=${H + 3_600_000 - 1}&step=${step}&agg=${agg}`);
    await waitFor(async () => (await q(60_000, 'count')).body.points?.length === 2);
    expect((await q(60_000, 'avg')).body.points).toEqual([
      { ts: H, value: big },
      { ts: H + 60_000, value: -big },
    ]);
    expect((await q(60_000, 'sum')).body.points).toEqual([
      { ts: H, value: Number.MAX_VALUE },
      { ts: H + 60_000, value: -Number.MAX_VALUE },
    ]);
    // One hour bucket, answered from minute rollups: the plain sum would be Infinity - Infinity.
    expect((await q(3_600_000, 'avg')).body.points).toEqual([{ ts: H, value: 0 }]);
    expect((await q(3_600_000, 'sum')).body.points).toEqual([{ ts: H, value: 0 }]);
  });

  it('defaults: to = now, from = 24 h before', async () => {
    const now = Date.now();
    await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'finance.spend', scope: 'D2', ts: now - 1000, value: 5 }],
    });
    await waitFor(async () => (await admin.get('/api/v1/series/finance.spend/D2/latest')).status === 200);
    const r = await admin.get('/api/v1/series/finance.spend/D2/range');
    expect(r.body.points).toEqual([{ ts: now - 1000, value: 5 }]);
  });

  it.each([
    ['from=soon', /from/],
    [`from=${T + 10}&to=${T}`, /after/],
    ['step=0', /step/],
    ['step=abc', /step/],
    ['step=60000&agg=median', /agg/],
    ['agg=max', /step/],
    ['from=0&to=100000000000&step=1', /buckets/],
  ])('range ?%s is a 400', async (q, message) => {
    const r = await range(q);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(message);
  });

  it('multi-latest filters by domain, scope (with descendants) and indicator, each repeatable', async () => {
    const pts = async (q: string) =>
      ((await admin.get(`/api/v1/latest${q}`)).body.points as any[]).map((p) => `${p.indicator}@${p.scope}`).sort();
    expect(await pts('?domain=env')).toEqual(['env.aqi@C1', 'env.aqi@D2']);
    expect(await pts('?scope=D1')).toEqual(['env.aqi@C1', 'finance.revenue@D1']);
    expect(await pts('?scope=C1&scope=D2&indicator=env.aqi')).toEqual(['env.aqi@C1', 'env.aqi@D2']);
    expect(await pts('?indicator=finance.revenue&indicator=env.aqi&scope=P')).toEqual([
      'env.aqi@C1',
      'env.aqi@D2',
      'finance.revenue@D1',
    ]);
    expect(await pts('?domain=finance&indicator=env.aqi')).toEqual([]);
    const one = (await admin.get('/api/v1/latest?indicator=env.aqi&scope=D2')).body.points;
    expect(one).toEqual([{ indicator: 'env.aqi', scope: 'D2', ts: T, value: 60 }]);
  });
});

describe('range size limit', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
    await seedCatalogue(svc);
  });
  afterAll(() => svc?.cleanup());

  it('more than 100,000 raw points is a 400 telling to give a step; with a step it answers', async () => {
    const admin = api(svc, svc.adminKey);
    const DAY = 86_400_000;
    const T = Math.floor((Date.now() - 5 * DAY) / DAY) * DAY; // inside the raw retention
    for (let b = 0; b < 11; b++) {
      const points = Array.from({ length: 10_000 }, (_, i) => ({
        indicator: 'env.aqi',
        scope: 'P',
        ts: T + (b * 10_000 + i) * 1000,
        value: i % 100,
      }));
      expect((await admin.post('/api/v1/ingest', { points })).body.accepted).toBe(10_000);
    }
    const to = T + 110_000 * 1000;
    await waitFor(
      async () =>
        (await admin.get(`/api/v1/series/env.aqi/P/range?from=${T}&to=${to}&step=86400000&agg=count`)).body.points?.[0]
          ?.value === 86_400,
      {
        timeoutMs: 30_000,
      },
    );
    const tooMany = await admin.get(`/api/v1/series/env.aqi/P/range?from=${T}&to=${to}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/step/);
    const stepped = await admin.get(`/api/v1/series/env.aqi/P/range?from=${T}&to=${to}&step=86400000&agg=count`);
    expect(stepped.body.points.map((p: any) => p.value)).toEqual([86_400, 23_600]);
  });
});

describe('queries when Redis stalls', () => {
  let svc: RunningService;

  beforeAll(async () => {
    svc = await startService({ env: { IOC_READ_TIMEOUT_MS: '500' } });
    await seedCatalogue(svc);
  });
  afterAll(() => svc?.cleanup());

  it('latest, range and multi-latest answer 503 when Redis does not answer within the read timeout', async () => {
    const admin = api(svc, svc.adminKey);
    const T = Date.UTC(2026, 2, 1);
    await admin.post('/api/v1/ingest', { points: [{ indicator: 'env.aqi', scope: 'D2', ts: T, value: 5 }] });
    await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/D2/latest')).status === 200);
    const reads = [
      '/api/v1/series/env.aqi/D2/latest',
      `/api/v1/series/env.aqi/D2/range?from=${T}&to=${T + 1000}`,
      '/api/v1/latest?indicator=env.aqi',
    ];
    // Pauses the shared Redis for every client: short, and always ended.
    const pauser = new Redis(REDIS_URL);
    let answers: { status: number; body: any }[];
    try {
      await pauser.call('CLIENT', 'PAUSE', '4000', 'ALL');
      answers = await Promise.all(reads.map((path) => admin.get(path)));
    } finally {
      await pauser.call('CLIENT', 'UNPAUSE').finally(() => pauser.disconnect());
    }
    expect(answers.filter((a) => a.status === 503)).toHaveLength(reads.length);
    for (const a of answers) {
      expect(a.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'Redis did not answer within 500 ms; retry',
      });
    }
    // Once Redis answers again, so do the reads.
    await waitFor(async () => (await admin.get(reads[0])).status === 200);
  });
});
