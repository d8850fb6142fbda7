import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { waitFor } from './wait';

export const ROOT = resolve(process.cwd());
export const REDIS_URL = 'redis://127.0.0.1:6379/0';
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ServiceOptions {
  app?: 'server' | 'gateway' | 'worker';
  database?: 'sqlite' | 'postgres';
  env?: Record<string, string>;
  /** Run beside this service: same Redis prefix, database and admin key. */
  share?: RunningService;
}

export interface RunningService {
  app: string;
  baseUrl: string;
  port: number;
  adminKey: string;
  redisUrl: string;
  redisPrefix: string;
  databaseUrl: string;
  /** Everything the process wrote, stdout and stderr interleaved. */
  output(): string;
  /** What the process wrote to stdout only. */
  stdout(): string;
  /** The current process id (undefined before the first start). */
  pid(): number | undefined;
  /** True between a start that became ready and the process's exit. */
  isUp(): boolean;
  stop(): Promise<number | null>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Every child process started by startService that has not exited yet. */
const children = new Set<ChildProcess>();

/** SIGKILLs every process startService started that is still running (for a harness's last resort). */
export function killAllServices(): void {
  for (const child of children) child.kill('SIGKILL');
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

async function createPgDatabase(): Promise<string> {
  const name = `ioc_e2e_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

async function dropPgDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Starts one built ioc-stream app (`npm run build` first) and waits until it is ready. */
export async function startService(opts: ServiceOptions = {}): Promise<RunningService> {
  const app = opts.app ?? 'server';
  const share = opts.share;
  const port = await freePort();
  const redisPrefix = share?.redisPrefix ?? `t${randomBytes(4).toString('hex')}`;
  const adminKey = share?.adminKey ?? `admin-${randomBytes(16).toString('hex')}`;
  const sqliteFile = join(tmpdir(), `ioc-e2e-${randomBytes(5).toString('hex')}.sqlite`);
  const databaseUrl =
    share?.databaseUrl ?? (opts.database === 'postgres' ? await createPgDatabase() : `sqlite:${sqliteFile}`);
  const redisUrl = opts.env?.REDIS_URL ?? share?.redisUrl ?? REDIS_URL;
  const env = {
    ...process.env,
    PORT: String(port),
    REDIS_URL: redisUrl,
    IOC_REDIS_PREFIX: redisPrefix,
    DATABASE_URL: databaseUrl,
    IOC_ADMIN_KEY: adminKey,
    IOC_DEMO: '0',
    IOC_DATA_DIR: join(tmpdir(), `ioc-e2e-data-${redisPrefix}`),
    ...opts.env,
  };
  let child: ChildProcess;
  let out = '';
  let stdout = '';
  let exited = false;
  let ready = false;

  const launch = async () => {
    exited = false;
    ready = false;
    const started = out.length;
    // SERVICE_NODE_ARGS: extra node flags for the spawned apps (e.g. --cpu-prof) when profiling a test.
    const nodeArgs = (process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const proc = spawn(process.execPath, [...nodeArgs, join(ROOT, `dist/apps/${app}/main.js`)], {
      env,
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      stdout += d.toString();
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    children.add(proc);
    proc.once('exit', () => {
      children.delete(proc);
      if (proc !== child) return;
      exited = true;
      ready = false;
    });
    try {
      await waitFor(() => exited || / ready/.test(out.slice(started)), {
        timeoutMs: 60_000,
        message: () => `${app} did not become ready:\n${out.slice(-3000)}`,
      });
    } catch (err) {
      proc.kill('SIGKILL');
      throw err;
    }
    if (exited) throw new Error(`${app} exited at start:\n${out.slice(-3000)}`);
    ready = true;
  };
  await launch();

  const stop = async (): Promise<number | null> => {
    if (exited) return child.exitCode;
    const code = new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    child.kill('SIGTERM');
    return code;
  };
  const service: RunningService = {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    adminKey,
    redisUrl,
    redisPrefix,
    databaseUrl,
    output: () => out,
    stdout: () => stdout,
    pid: () => child?.pid,
    isUp: () => ready && !exited,
    stop,
    kill: async () => {
      if (exited) return;
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGKILL');
      await gone;
    },
    restart: async () => {
      await stop();
      await launch();
    },
    cleanup: async () => {
      await stop();
      if (share) return;
      await deleteRedisPrefix(redisUrl, redisPrefix).catch(() => undefined);
      if (databaseUrl.startsWith('postgres')) await dropPgDatabase(databaseUrl);
      else rmSync(sqliteFile, { force: true });
      rmSync(env.IOC_DATA_DIR, { recursive: true, force: true });
    },
  };
  return service;
}
