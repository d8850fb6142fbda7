import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_INDICATORS } from '@app/demo';
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
