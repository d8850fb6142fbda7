import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndicatorPoint } from '@app/contracts';
import type { Redis } from 'ioredis';

const INDICATORS = 10;

/** Series s of the benchmark as a catalogued (indicator, scope): 10 indicators × N scopes. */
export function catalogued(p: IndicatorPoint): IndicatorPoint {
  const s = Number(p.indicator.slice('bench.i'.length));
  return { indicator: `bench.e${s % INDICATORS}`, scope: `s${Math.floor(s / INDICATORS)}`, ts: p.ts, value: p.value };
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/**
 * End to end: the built server (`dist/apps/server/main.js`) on the benchmark's Redis; several clients
 * POST batches of 1,000 points; the clock stops when the ingest queue is empty (every point written).
 * The first `warmup` points are sent, and written, before the clock starts.
 */
export async function e2eIngest(
  redisUrl: string,
  redis: Redis,
  points: IndicatorPoint[],
  series: number,
  apps: ReadonlyArray<'server' | 'gateway' | 'worker'> = ['server'],
  clients = 4,
  warmup = 50_000,
): Promise<number> {
  const port = await freePort();
  const key = `bench-admin-${randomBytes(12).toString('hex')}`;
  const db = join(tmpdir(), `ioc-bench-${randomBytes(4).toString('hex')}.sqlite`);
  const prefix = 'benche2e';
  const env = {
    ...process.env,
    PORT: String(port),
    REDIS_URL: redisUrl,
    IOC_DEMO: '0',
    IOC_ADMIN_KEY: key,
    DATABASE_URL: `sqlite:${db}`,
    IOC_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  let out = '';
  const children: ChildProcess[] = apps.map((app) => {
    // BENCH_NODE_ARGS: extra flags for the service processes, e.g. "--cpu-prof --cpu-prof-dir=prof".
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, `dist/apps/${app}/main.js`], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    return child;
  });
  const base = `http://127.0.0.1:${port}`;
  const call = (method: string, path: string, body: unknown) =>
    fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  try {
    for (let i = 0; i < 200; i++) {
      const dead = children.findIndex((c) => c.exitCode !== null);
      if (dead >= 0) throw new Error(`dist/apps/${apps[dead]}/main.js exited at start (was it built?)`);
      const ok = await fetch(base + '/health').then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await call('POST', '/api/v1/domains', { code: 'bench', name: 'bench' });
    for (let i = 0; i < INDICATORS; i++)
      await call('POST', '/api/v1/indicators', { code: `bench.e${i}`, domain: 'bench', name: `e${i}`, unit: 'u' });
    for (let s = 0; s < Math.ceil(series / INDICATORS); s++)
      await call('POST', '/api/v1/scopes', { code: `s${s}`, name: `s${s}` });

    const q = `${prefix}:bull:ioc-ingest`;
    let accepted = 0;
    /** POSTs the points in batches of 1,000 from `clients` clients, then waits until all are written. */
    const send = async (pts: IndicatorPoint[]) => {
      const batches: IndicatorPoint[][] = [];
      for (let i = 0; i < pts.length; i += 1000) batches.push(pts.slice(i, i + 1000));
      let next = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < batches.length) {
            const b = batches[next++];
            const r = (await (await call('POST', '/api/v1/ingest', { points: b })).json()) as { accepted: number };
            accepted += r.accepted;
          }
        }),
      );
      for (;;) {
        const [wait, active, delayed] = await Promise.all([
          redis.llen(`${q}:wait`),
          redis.llen(`${q}:active`),
          redis.zcard(`${q}:delayed`),
        ]);
        if (wait + active + delayed === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // Warm-up (not timed): the first points, so the figure is the service's steady state, not its JIT warm-up.
    const all = points.map(catalogued);
    const warm = all.slice(0, warmup);
    const mapped = all.slice(warmup);
    await send(warm);
    const cpu0 = children.map(cpuSeconds);
    const redisCpu0 = await redisCpuSeconds(redis);
    const client0 = process.cpuUsage();
    const started = performance.now();
    await send(mapped);
    const seconds = (performance.now() - started) / 1000;
    const client = process.cpuUsage(client0);
    const shares = children.map((c, i) => {
      const used = cpuSeconds(c) - cpu0[i];
      return `${apps[i]} ${Math.round((used / seconds) * 100)} % (${((used / mapped.length) * 1e6).toFixed(1)} µs CPU a point)`;
    });
    const jobs = Number(await redis.get(`${q}:id`));
    shares.push(`${jobs} ingest jobs for ${all.length / 1000} requests`);
    shares.push(`redis-server ${Math.round((((await redisCpuSeconds(redis)) - redisCpu0) / seconds) * 100)} %`);
    console.log(
      `  CPU during the run: ${shares.join(', ')}, load generator ${Math.round(((client.user + client.system) / 1e6 / seconds) * 100)} % (2 cores = 200 %)`,
    );
    if (accepted !== all.length) throw new Error(`only ${accepted} of ${all.length} accepted`);
    return mapped.length / seconds;
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${out.slice(-2000)}`, { cause: err });
  } finally {
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return; // already gone (it failed to start)
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        return gone;
      }),
    );
    rmSync(db, { force: true });
  }
}

/** user + system CPU seconds of a child process so far (Linux /proc). */
function cpuSeconds(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** user + system CPU seconds of redis-server so far (INFO cpu). */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
