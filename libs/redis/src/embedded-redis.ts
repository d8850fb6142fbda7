import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { DEFAULT_REDIS_URL } from './redis-connections';

export interface RedisHandle {
  url: string;
  /** Set when this process started redis-server itself. */
  child?: ChildProcess;
  stop(): Promise<void>;
}

/** Does something answer PING with +PONG at host:port within `timeoutMs`? */
export function redisAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => finish(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH')));
  });
}

export class RedisNotFoundError extends Error {
  constructor() {
    super(
      'No Redis answers on 127.0.0.1:6379 and no redis-server is on PATH. Install one ' +
        '(Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`), ' +
        'or start the one in docker-compose.yml with `docker compose up -d redis`, or set REDIS_URL.',
    );
  }
}

/** The embedded Redis's settings (durability, memory limit, client buffers), relative to the working directory. */
export const EMBEDDED_REDIS_CONFIG = 'config/redis.conf';

/**
 * Arguments of the embedded `redis-server`: `configFile` first when it exists, then the port, the
 * loopback bind and the data directory (which win over the file). Without the file, the durability
 * settings it would give are passed on the command line.
 */
export function redisServerArgs({
  port,
  dir,
  configFile,
}: {
  port: number;
  dir: string;
  configFile?: string;
}): string[] {
  const own = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  if (configFile && existsSync(configFile)) return [configFile, ...own];
  return [...own, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''];
}

/**
 * With `REDIS_URL` set, use it as it is (the clients wait and retry while it is down).
 * Unset: use 127.0.0.1:6379 when it answers, else start `redis-server` from PATH as a child
 * (`config/redis.conf` when present; data and append-only file under `dataDir/redis`), stopped when
 * this process exits.
 */
export async function ensureRedis(
  redisUrl: string | undefined,
  dataDir: string,
  log: (msg: string) => void,
): Promise<RedisHandle> {
  if (redisUrl) return { url: redisUrl, stop: async () => {} };
  if (await redisAnswers('127.0.0.1', 6379)) return { url: DEFAULT_REDIS_URL, stop: async () => {} };

  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) throw new RedisNotFoundError();

  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const configFile = resolve(EMBEDDED_REDIS_CONFIG);
  const child = spawn('redis-server', redisServerArgs({ port: 6379, dir, configFile }), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  log(
    `no Redis on 127.0.0.1:6379: started redis-server (pid ${child.pid}, data in ${dir}` +
      `${existsSync(configFile) ? `, settings ${EMBEDDED_REDIS_CONFIG}` : ''})`,
  );

  for (let i = 0; i < 100 && !exited; i++) {
    if (await redisAnswers('127.0.0.1', 6379, 200)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (exited) throw new Error('redis-server exited at start; run `redis-server --port 6379` by hand to see why');

  const stopChild = () => {
    if (!exited) child.kill('SIGTERM');
  };
  process.once('exit', stopChild);
  return {
    url: DEFAULT_REDIS_URL,
    child,
    stop: () =>
      new Promise<void>((done) => {
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
