import { Redis } from 'ioredis';
import { api, createKey, seedCatalogue } from './support/api';
import { collectValues, connected, connectLive } from './support/live';
import { REDIS_URL, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

describe('ingest', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  const T = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    svc = await startService();
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
  });
  afterAll(() => svc?.cleanup());

  const latest = (indicator: string, scope: string) => admin.get(`/api/v1/series/${indicator}/${scope}/latest`);

  it('accepts good points and lists each bad one with its index and a reason', async () => {
    const r = await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'finance.revenue', scope: 'D1', ts: T, value: 10 },
        { indicator: 'nope', scope: 'D1', ts: T, value: 1 },
        { indicator: 'finance.revenue', scope: 'ZZ', ts: T, value: 1 },
        { indicator: 'finance.revenue', scope: 'D1', ts: T, value: 'NaN' },
        { indicator: 'finance.revenue', scope: 'D1', ts: T, value: null },
        { indicator: 'finance.revenue', scope: 'D1', ts: T },
        { indicator: 'finance.revenue', scope: 'D1', ts: 'yesterday', value: 1 },
        { indicator: 'finance.revenue', scope: 'D1', ts: '2026-01-01T00:00:00', value: 1 },
        { indicator: 'finance.revenue', scope: 'D2', ts: '2026-01-01T07:00:00+07:00', value: 20 },
        'not a point',
      ],
    });
    expect(r.status).toBe(202);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected.map((x: any) => x.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 9]);
    const reasons = r.body.rejected.map((x: any) => x.reason);
    expect(reasons[0]).toMatch(/unknown indicator/);
    expect(reasons[1]).toMatch(/unknown scope/);
    expect(reasons[2]).toMatch(/value/);
    expect(reasons[3]).toMatch(/value/);
    expect(reasons[4]).toMatch(/value/);
    expect(reasons[5]).toMatch(/ts/);
    expect(reasons[6]).toMatch(/offset/);
    await waitFor(async () => (await latest('finance.revenue', 'D2')).status === 200);
    expect((await latest('finance.revenue', 'D2')).body).toEqual({
      indicator: 'finance.revenue',
      scope: 'D2',
      ts: T,
      value: 20,
    });
    expect((await latest('finance.revenue', 'D1')).body.value).toBe(10);
  });

  it('keeps the last value of a duplicate and accepts points out of order', async () => {
    await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'env.aqi', scope: 'C1', ts: T + 3000, value: 3 },
        { indicator: 'env.aqi', scope: 'C1', ts: T + 1000, value: 1 },
        { indicator: 'env.aqi', scope: 'C1', ts: T + 2000, value: 2 },
        { indicator: 'env.aqi', scope: 'C1', ts: T + 2000, value: 22 },
      ],
    });
    await admin.post('/api/v1/ingest', { points: [{ indicator: 'env.aqi', scope: 'C1', ts: T + 1000, value: 11 }] });
    await waitFor(async () => {
      const r = await admin.get(`/api/v1/series/env.aqi/C1/range?from=${T}&to=${T + 5000}`);
      return r.body.points?.[0]?.value === 11;
    });
    const r = await admin.get(`/api/v1/series/env.aqi/C1/range?from=${T}&to=${T + 5000}`);
    expect(r.body.points).toEqual([
      { ts: T + 1000, value: 11 },
      { ts: T + 2000, value: 22 },
      { ts: T + 3000, value: 3 },
    ]);
    expect((await latest('env.aqi', 'C1')).body.value).toBe(3);
  });

  it('rejects points that could never be read back, with a reason, and keeps the good one beside them', async () => {
    const good = Date.UTC(2026, 2, 3, 4, 5, 6);
    const r = await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'env.aqi', scope: 'P', ts: '2017-01-01T00:00:00Z', value: 1 },
        { indicator: 'env.aqi', scope: 'P', ts: 0, value: 2 },
        { indicator: 'env.aqi', scope: 'P', ts: good, value: 3 },
        { indicator: 'env.aqi', scope: 'P', ts: '2026-02-30T00:00:00Z', value: 4 },
        { indicator: 'env.aqi', scope: 'P', ts: '2026-03-01T25:00:00+07:00', value: 5 },
      ],
    });
    expect(r.status).toBe(202);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected).toEqual([
      { index: 0, reason: "ts: 2017-01-01T00:00:00.000Z is older than this indicator's raw retention (400 days)" },
      { index: 1, reason: expect.stringMatching(/^ts: 0 is not after 1970-01-01/) },
      { index: 3, reason: expect.stringMatching(/^ts: "2026-02-30T00:00:00Z" is not a real calendar date/) },
      { index: 4, reason: expect.stringMatching(/^ts: "2026-03-01T25:00:00\+07:00" is not a real calendar date/) },
    ]);
    const range = () => admin.get(`/api/v1/series/env.aqi/P/range?from=1&to=${good + 86_400_000}`);
    await waitFor(async () => (await range()).body.points?.length > 0);
    expect((await range()).body.points).toEqual([{ ts: good, value: 3 }]);
    expect((await latest('env.aqi', 'P')).body).toMatchObject({ ts: good, value: 3 });
  });

  it.each([
    ['not JSON', '{"points": [', 400],
    ['an array', '[]', 400],
    ['a number', '42', 400],
    ['no points', '{"data": []}', 400],
    ['points not an array', '{"points": {}}', 400],
  ])('refuses a body that is %s with %d and a message', async (_what, raw, status) => {
    const r = await admin.postRaw('/api/v1/ingest', raw);
    expect(r.status).toBe(status);
    expect(typeof r.body.message).toBe('string');
    expect(r.body.message.length).toBeGreaterThan(5);
  });

  it('refuses a body nested deeper than IOC_MAX_JSON_DEPTH with a 400 naming the limit, on any endpoint, no stack trace', async () => {
    const deepBody = (depth: number) => `{"points":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    const tooDeep = {
      statusCode: 400,
      error: 'Bad Request',
      message: 'request body is nested deeper than 32 levels (IOC_MAX_JSON_DEPTH)',
    };
    const deep = await admin.postRaw('/api/v1/ingest', deepBody(10_000));
    expect(deep).toEqual({ status: 400, body: tooDeep });
    expect(await admin.postRaw('/api/v1/ingest', deepBody(33))).toEqual({ status: 400, body: tooDeep });
    const domain = await admin.postRaw('/api/v1/domains', `{"code":"deep","name":${'['.repeat(40)}${']'.repeat(40)}}`);
    expect(domain).toEqual({ status: 400, body: tooDeep });
    // 32 levels are fine (the one point, an array, is rejected on its own); brackets in strings do not count.
    const atLimit = await admin.postRaw('/api/v1/ingest', deepBody(32));
    expect(atLimit.status).toBe(202);
    expect(atLimit.body.rejected).toHaveLength(1);
    const inString = await admin.post('/api/v1/ingest', { points: [], note: '['.repeat(100) });
    expect(inString.status).toBe(202);
    expect(svc.output()).not.toMatch(/Maximum call stack|JsonTooDeep|\n\s+at /);
  });

  describe('Idempotency-Key', () => {
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(REDIS_URL);
    });
    afterAll(() => redis.disconnect());
    /** BullMQ's job id counter of the ingest queue: how many jobs were ever added. */
    const jobsAdded = async () => Number(await redis.get(`${svc.redisPrefix}:bull:ioc-ingest:id`));
    const ts = Date.UTC(2026, 3, 4);
    const body = (value: number) => ({
      points: [
        { indicator: 'finance.revenue', scope: 'C1', ts, value },
        { indicator: 'nope', scope: 'C1', ts, value },
      ],
    });

    it('a repeat gets the first answer (202) and queues nothing; the first value is the one stored', async () => {
      const first = await admin.post('/api/v1/ingest', body(1), { 'idempotency-key': 'batch 2026-04-04 #1' });
      expect(first.status).toBe(202);
      expect(first.body).toEqual({ accepted: 1, rejected: [{ index: 1, reason: expect.any(String) }] });
      const jobs = await jobsAdded();
      const second = await admin.post('/api/v1/ingest', body(2), { 'idempotency-key': 'batch 2026-04-04 #1' });
      expect(second).toEqual(first);
      expect(await jobsAdded()).toBe(jobs);
      await waitFor(async () => (await latest('finance.revenue', 'C1')).status === 200);
      expect((await latest('finance.revenue', 'C1')).body).toMatchObject({ ts, value: 1 });
      // The answer is kept under <prefix>:idem:<key id>:<sha256 of the header>, with the configured TTL.
      const keys = await redis.keys(`${svc.redisPrefix}:idem:*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(new RegExp(`^${svc.redisPrefix}:idem:env-admin:[0-9a-f]{64}$`));
      expect(JSON.parse((await redis.get(keys[0]))!)).toEqual(first.body);
      const ttl = await redis.ttl(keys[0]);
      expect(ttl).toBeGreaterThan(86_000);
      expect(ttl).toBeLessThanOrEqual(86_400);
    });

    it('without the header, the second write wins', async () => {
      const t2 = ts + 1000;
      const point = (value: number) => ({ points: [{ indicator: 'finance.revenue', scope: 'D1', ts: t2, value }] });
      const jobs = await jobsAdded();
      expect((await admin.post('/api/v1/ingest', point(1))).status).toBe(202);
      expect((await admin.post('/api/v1/ingest', point(2))).status).toBe(202);
      expect(await jobsAdded()).toBe(jobs + 2);
      await waitFor(async () => (await latest('finance.revenue', 'D1')).body?.value === 2);
    });

    it('identical requests at once queue the batch once: the others get the answer or a 409', async () => {
      const jobs = await jobsAdded();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => admin.post('/api/v1/ingest', body(10 + i), { 'idempotency-key': 'race' })),
      );
      expect(await jobsAdded()).toBe(jobs + 1);
      const ok = answers.filter((a) => a.status === 202);
      expect(ok.length).toBeGreaterThan(0);
      for (const a of ok) expect(a.body).toEqual(ok[0].body);
      for (const a of answers.filter((x) => x.status !== 202)) {
        expect(a).toEqual({
          status: 409,
          body: {
            statusCode: 409,
            error: 'Conflict',
            message: 'an ingest with this Idempotency-Key is in progress; retry',
          },
        });
      }
    });

    it('is per API key, and a malformed header is a 400 naming it', async () => {
      const key = await createKey(svc, 'ingest');
      const other = await api(svc, key).post('/api/v1/ingest', body(5), { 'idempotency-key': 'batch 2026-04-04 #1' });
      expect(other.status).toBe(202);
      expect(other.body.accepted).toBe(1);
      for (const bad of ['x'.repeat(201), '']) {
        const r = await admin.post('/api/v1/ingest', body(6), { 'idempotency-key': bad });
        expect(r.status).toBe(400);
        expect(r.body.message).toMatch(/^Idempotency-Key: /);
      }
    });
  });

  it('refuses more than 10,000 points with 413', async () => {
    const points = Array.from({ length: 10_001 }, (_, i) => ({
      indicator: 'env.aqi',
      scope: 'D2',
      ts: T + i,
      value: i,
    }));
    const r = await admin.post('/api/v1/ingest', { points });
    expect(r.status).toBe(413);
    expect(r.body.message).toMatch(/10000/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const r = await admin.postRaw('/api/v1/ingest', JSON.stringify({ points: [], pad: 'x'.repeat(9 * 1024 * 1024) }));
    expect(r.status).toBe(413);
  });

  it('an ingest key with scopes may only write inside them', async () => {
    const key = await createKey(svc, 'ingest', ['D1']);
    const r = await api(svc, key).post('/api/v1/ingest', {
      points: [
        { indicator: 'finance.spend', scope: 'C1', ts: T, value: 1 },
        { indicator: 'finance.spend', scope: 'D2', ts: T, value: 2 },
      ],
    });
    expect(r.status).toBe(202);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected).toEqual([{ index: 1, reason: expect.stringMatching(/not allowed/) }]);
  });

  it('accepted points reach live subscribers', async () => {
    const socket = connectLive(svc, svc.adminKey);
    await connected(socket);
    const seen = collectValues(socket);
    const ack = await socket.emitWithAck('subscribe', { indicators: ['finance.spend'] });
    expect(ack.ok).toBe(true);
    const now = Date.now();
    await admin.post('/api/v1/ingest', { points: [{ indicator: 'finance.spend', scope: 'D2', ts: now, value: 77 }] });
    await waitFor(() => seen.points.some((p) => p.value === 77));
    expect(seen.points).toContainEqual({ indicator: 'finance.spend', scope: 'D2', ts: now, value: 77 });
    socket.close();
  });

  it('many concurrent requests (grouped into fewer jobs) each get their own answer and lose no point', async () => {
    const base = Date.UTC(2026, 1, 1);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, r) =>
        admin.post('/api/v1/ingest', {
          points: [
            ...Array.from({ length: 50 }, (_, i) => ({
              indicator: 'finance.spend',
              scope: 'C1',
              ts: base + (r * 50 + i) * 1000,
              value: r * 50 + i,
            })),
            // one bad point per request, reported to that request only
            { indicator: 'finance.spend', scope: 'C1', ts: base, value: `bad ${r}` },
          ],
        }),
      ),
    );
    answers.forEach((a) => {
      expect(a.status).toBe(202);
      expect(a.body.accepted).toBe(50);
      expect(a.body.rejected.map((x: any) => x.index)).toEqual([50]);
    });
    const range = () =>
      admin.get(`/api/v1/series/finance.spend/C1/range?from=${base}&to=${base + 2000 * 1000}`).then((r) => r.body);
    await waitFor(async () => (await range()).points?.length === 2000);
    const points = (await range()).points;
    expect(points.map((p: any) => p.value)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });
});
