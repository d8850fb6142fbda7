import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { EMBEDDED_REDIS_CONFIG, redisAnswers, redisServerArgs } from './embedded-redis';

const freePort = () =>
  new Promise<number>((done) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });

describe('the embedded redis-server', () => {
  it('starts with config/redis.conf: AOF every second, no RDB, a memory limit without eviction, bounded client buffers', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ioc-embedded-redis-'));
    const args = redisServerArgs({ port, dir, configFile: resolve(EMBEDDED_REDIS_CONFIG) });
    expect(args[0]).toBe(resolve(EMBEDDED_REDIS_CONFIG));
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    const exited = new Promise((done) => child.once('exit', done));
    const redis = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
    try {
      while (!(await redisAnswers('127.0.0.1', port, 200))) await new Promise((r) => setImmediate(r));
      await redis.connect();
      const get = async (name: string) => ((await redis.config('GET', name)) as string[])[1];
      expect(await get('appendonly')).toBe('yes');
      expect(await get('appendfsync')).toBe('everysec');
      expect(await get('save')).toBe('');
      expect(await get('maxmemory-policy')).toBe('noeviction');
      expect(Number(await get('maxmemory'))).toBeGreaterThan(0);
      expect(await get('client-output-buffer-limit')).toMatch(/normal 268435456 67108864 60 .*pubsub [1-9]\d* /);
      // The command line wins over the file: the port, the loopback bind and the data directory.
      expect(await get('bind')).toBe('127.0.0.1');
      expect(await get('dir')).toBe(dir);
    } finally {
      redis.disconnect();
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without the file, the durability settings are on the command line', () => {
    expect(redisServerArgs({ port: 1, dir: '/d', configFile: '/nonexistent/redis.conf' })).toEqual([
      '--port',
      '1',
      '--bind',
      '127.0.0.1',
      '--dir',
      '/d',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
    ]);
  });
});
