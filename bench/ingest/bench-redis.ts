import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { redisAnswers } from '@app/redis';

export interface BenchRedis {
  url: string;
  redis: Redis;
  /** used_memory in bytes */
  memory(): Promise<number>;
  /** redis-server CPU seconds (user + sys) so far */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** A private redis-server for the benchmark, with the append-only file off or on (everysec). */
export async function startBenchRedis(aof: boolean): Promise<BenchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--dir',
    dir,
    '--appendonly',
    aof ? 'yes' : 'no',
    '--appendfsync',
    'everysec',
  ];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await redisAnswers('127.0.0.1', port, 200)); i++)
    await new Promise((r) => setTimeout(r, 50));
  const url = `redis://127.0.0.1:${port}`;
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: (t) => (t > 100 ? null : 50) });
  await redis.connect();
  const info = async (section: string) =>
    Object.fromEntries(
      (await redis.info(section))
        .split('\r\n')
        .filter((l) => l.includes(':'))
        .map((l) => l.split(':')),
    );
  return {
    url,
    redis,
    memory: async () => Number((await info('memory')).used_memory),
    cpu: async () => {
      const c = await info('cpu');
      return Number(c.used_cpu_user) + Number(c.used_cpu_sys);
    },
    stop: async () => {
      redis.disconnect();
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
