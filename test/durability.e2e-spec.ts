import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES } from '@app/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { api, seedCatalogue } from './support/api';
import { collectValues, connected, connectLive } from './support/live';
import { freePort, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';
import { spawnRedisServer } from './support/redis-server';

const T = Date.now() - 3600_000;
// Counts are read in day buckets (aligned to UTC midnight): the points may fall in two, so they are added up.
const batch = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => ({
    indicator: 'env.aqi',
    scope: 'D1',
    ts: T + (from + i) * 1000,
    value: from + i,
  }));

describe('gateway and worker as separate processes', () => {
  let gateway: RunningService;
  let worker: RunningService;

  beforeAll(async () => {
    gateway = await startService({ app: 'gateway' });
    worker = await startService({ app: 'worker', share: gateway });
    await seedCatalogue(gateway);
  });
  afterAll(async () => {
    await worker?.cleanup();
    await gateway?.cleanup();
  });

  it('points ingested through the gateway are stored by the worker and pushed live by the gateway', async () => {
    const admin = api(gateway, gateway.adminKey);
    const s = connectLive(gateway, gateway.adminKey);
    await connected(s);
    const seen = collectValues(s);
    await s.emitWithAck('subscribe', { scopes: ['D2'] });
    const now = Date.now();
    expect(
      (await admin.post('/api/v1/ingest', { points: [{ indicator: 'env.aqi', scope: 'D2', ts: now, value: 5 }] }))
        .status,
    ).toBe(202);
    await waitFor(() => seen.points.length === 1);
    expect((await admin.get('/api/v1/series/env.aqi/D2/latest')).body.value).toBe(5);
    s.close();
  });

  it('a worker killed with SIGKILL loses no accepted point: the restarted worker writes them', async () => {
    const admin = api(gateway, gateway.adminKey);
    await worker.kill();
    let accepted = 0;
    for (let b = 0; b < 5; b++)
      accepted += (await admin.post('/api/v1/ingest', { points: batch(1000, b * 1000) })).body.accepted;
    expect(accepted).toBe(5000);
    expect((await admin.get('/api/v1/series/env.aqi/D1/latest')).status).toBe(404);
    await worker.restart();
    await waitFor(
      async () =>
        (
          await admin.get(`/api/v1/series/env.aqi/D1/range?from=${T}&to=${T + 5_000_000}&step=86400000&agg=count`)
        ).body.points?.reduce((n: number, p: { value: number }) => n + p.value, 0) === 5000,
      {
        timeoutMs: 30_000,
      },
    );
  });
});

describe('crash recovery: a worker killed while it writes, again and again', () => {
  const ROUND_POINTS = 4 * 5000;
  const T0 = Date.now() - 20 * 3600_000;
  let gateway: RunningService;
  let worker: RunningService;
  let queue: Queue;
  let client: Redis;

  beforeAll(async () => {
    gateway = await startService({ app: 'gateway' });
    worker = await startService({ app: 'worker', share: gateway });
    await seedCatalogue(gateway);
    const { hostname, port } = new URL(gateway.redisUrl);
    queue = new Queue(QUEUES.ingest, {
      connection: { host: hostname, port: Number(port) },
      prefix: `${gateway.redisPrefix}:bull`,
    });
    client = new Redis(gateway.redisUrl);
  });
  afterAll(async () => {
    client?.disconnect();
    await queue?.close();
    await worker?.cleanup();
    await gateway?.cleanup();
  });

  /** Points stored for the test series, counted by the range API (day buckets, agg=count). */
  const stored = async (admin: ReturnType<typeof api>) => {
    const r = await admin.get(
      `/api/v1/series/env.aqi/C1/range?from=${T0}&to=${T0 + 10 * ROUND_POINTS * 1000}&step=86400000&agg=count`,
    );
    return (r.body.points ?? []).reduce((n: number, p: { value: number }) => n + p.value, 0) as number;
  };

  it('every accepted point is readable after three SIGKILLs in the middle of a batch (the same job killed twice more on its redo), and no job fails', async () => {
    const admin = api(gateway, gateway.adminKey);
    /** Ingest jobs in BullMQ's active list, with when they were taken and how often they stalled. */
    const active = async () => {
      const ids = await client.lrange(queue.toKey('active'), 0, -1);
      const jobs = await Promise.all(ids.map((id) => client.hmget(queue.toKey(id), 'processedOn', 'stc')));
      return ids.map((id, i) => ({ id, takenAt: Number(jobs[i][0] ?? 0), stalled: Number(jobs[i][1] ?? 0) }));
    };
    let accepted = 0;
    let kills = 0;
    let redoKills = 0;
    let round = 0;
    let launchedAt = 0;
    /** Jobs that were in the worker's hands when it was killed. */
    const killed = new Set<string>();

    while (redoKills < 2 && round < 8) {
      const offset = round * ROUND_POINTS;
      round++;
      // Kill when the running worker holds a job (not one still locked by a killed worker): the redo
      // of a job killed before when there is one, so that the same job is killed more than once.
      // Watched from before the points are posted: the worker may start (and finish) a job meanwhile.
      const pending = new Set<string>();
      for (const id of killed) if (await client.exists(queue.toKey(id))) pending.add(id);
      let held: { id: string; stalled: number }[] = [];
      // The redo of a killed job comes once its lock expired and a stall check ran; when the worker
      // takes it before this round looks (or alongside new jobs that finish first), any held job will do.
      const roundStart = Date.now();
      const anyJobAfterMs = 20_000;
      const killedWhileHolding = waitFor(
        async () => {
          held = (await active()).filter((j) => j.takenAt >= launchedAt);
          const anyWillDo = pending.size === 0 || Date.now() - roundStart > anyJobAfterMs;
          return held.some((j) => anyWillDo || pending.has(j.id));
        },
        { timeoutMs: 45_000, intervalMs: 2, message: () => `round ${round}: no job in the worker's hands` },
      ).then(() => worker.kill());
      // New work every round: 4 × 5,000 points (the gateway may group them into fewer jobs).
      const [, answers] = await Promise.all([
        killedWhileHolding,
        Promise.all(
          [0, 1, 2, 3].map((b) =>
            admin.post('/api/v1/ingest', {
              points: Array.from({ length: 5000 }, (_, i) => ({
                indicator: 'env.aqi',
                scope: 'C1',
                ts: T0 + (offset + b * 5000 + i) * 1000,
                value: i,
              })),
            }),
          ),
        ),
      ]);
      accepted += answers.reduce((n, a) => n + (a.body.accepted as number), 0);
      // Killed while writing: a job the dead worker never finished is still `active`.
      const stillActive = new Set((await active()).map((j) => j.id));
      const hit = held.filter((j) => stillActive.has(j.id));
      if (hit.length > 0) kills++;
      if (hit.some((j) => pending.has(j.id))) redoKills++;
      hit.forEach((j) => killed.add(j.id));
      console.log(
        `round ${round}: worker killed holding jobs ${held.map((j) => `${j.id} (stalled ${j.stalled}×)`).join(', ')}; ` +
          `unfinished: ${hit.map((j) => j.id).join(', ') || 'none'}`,
      );
      launchedAt = Date.now();
      await worker.restart();
    }

    const upAt = Date.now();
    await waitFor(async () => (await stored(admin)) === accepted, {
      timeoutMs: 30_000,
      intervalMs: 100,
      message: () => `not every accepted point is readable`,
    });
    console.log(
      `${kills} kills while writing (${redoKills} of a redo) in ${round} rounds; ` +
        `${accepted} points readable ${Date.now() - upAt} ms after the last restart`,
    );
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(redoKills).toBeGreaterThanOrEqual(2);
    expect(accepted).toBe(round * ROUND_POINTS);
    // A job killed after its points were stored but before it was marked done is still held by the
    // dead worker's lock: it is written again (idempotent) once the lock expires.
    await waitFor(
      async () => {
        const c = await queue.getJobCounts('active', 'wait', 'delayed', 'prioritized');
        return Object.values(c).every((n) => n === 0);
      },
      { timeoutMs: 30_000, intervalMs: 100, message: () => 'the ingest queue did not drain' },
    );
    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
  }, 240_000);
});

describe('restart of the single server', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService();
    await seedCatalogue(svc);
  });
  afterAll(() => svc?.cleanup());

  it('SIGTERM right after a 202 exits 0 and loses nothing', async () => {
    const admin = api(svc, svc.adminKey);
    const answers = await Promise.all(
      [0, 1, 2, 3].map((b) => admin.post('/api/v1/ingest', { points: batch(2000, b * 2000) })),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(await svc.stop()).toBe(0);
    await svc.restart();
    const a = api(svc, svc.adminKey);
    await waitFor(
      async () =>
        (
          await a.get(`/api/v1/series/env.aqi/D1/range?from=${T}&to=${T + 9_000_000}&step=86400000&agg=count`)
        ).body.points?.reduce((n: number, p: { value: number }) => n + p.value, 0) === 8000,
      {
        timeoutMs: 30_000,
      },
    );
  });
});

describe('Redis down', () => {
  it('health answers 503 while Redis is unreachable; once it is back, health is 200 and ingest works again', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ioc-redis-'));
    const startRedis = () => spawnRedisServer(port, dir);
    let redis = startRedis();
    const url = `redis://127.0.0.1:${port}`;
    await waitFor(async () => {
      try {
        await fetch(`http://127.0.0.1:${port}`);
      } catch (e) {
        return !/ECONNREFUSED/.test(String((e as Error).cause));
      }
      return true;
    });
    const svc = await startService({ env: { REDIS_URL: url } });
    try {
      expect((await api(svc).get('/health')).status).toBe(200);
      const gone = new Promise((r) => redis.once('exit', r));
      redis.kill('SIGTERM');
      await gone;
      await waitFor(async () => (await api(svc).get('/health')).status === 503, { timeoutMs: 15_000 });
      const body = (await api(svc).get('/health')).body;
      expect(body).toMatchObject({ status: 'unavailable', redis: 'down', database: 'up' });
      redis = startRedis();
      await waitFor(async () => (await api(svc).get('/health')).status === 200, { timeoutMs: 20_000 });
      await seedCatalogue(svc);
      const admin = api(svc, svc.adminKey);
      const ingest = await admin.post('/api/v1/ingest', {
        points: [{ indicator: 'env.aqi', scope: 'D1', ts: Date.now(), value: 3 }],
      });
      expect(ingest.status).toBe(202);
      await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/D1/latest')).status === 200);
    } finally {
      await svc.cleanup();
      redis.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a service started while Redis is down is ready at once, answers 503, then works once Redis comes up', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ioc-redis-'));
    const svc = await startService({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    let redis: ChildProcess | undefined;
    try {
      expect((await api(svc).get('/health')).body).toMatchObject({ status: 'unavailable', redis: 'down' });
      expect(svc.output()).toMatch(/retrying/);
      redis = spawnRedisServer(port, dir);
      await waitFor(async () => (await api(svc).get('/health')).status === 200, { timeoutMs: 20_000 });
      await seedCatalogue(svc);
      const admin = api(svc, svc.adminKey);
      expect(
        (
          await admin.post('/api/v1/ingest', {
            points: [{ indicator: 'env.aqi', scope: 'D2', ts: Date.now(), value: 8 }],
          })
        ).status,
      ).toBe(202);
      await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/D2/latest')).status === 200);
    } finally {
      await svc.cleanup();
      redis?.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGTERM while Redis is unreachable still stops cleanly (exit 0, no stack traces), not after a forced timeout', async () => {
    const port = await freePort();
    const svc = await startService({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    try {
      expect((await api(svc).get('/health')).status).toBe(503);
      expect(await svc.stop()).toBe(0);
      expect(svc.output()).not.toMatch(/exiting anyway/);
      expect(svc.output()).not.toMatch(/^\s+at /m);
    } finally {
      await svc.cleanup();
    }
  });
});
