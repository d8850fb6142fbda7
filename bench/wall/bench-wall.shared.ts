import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

/** The machine's 1-minute load average (the machine is shared: figures go with it). */
export const load = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

export interface DemoServer {
  baseUrl: string;
  adminKey: string;
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  get(path: string): Promise<{ status: number; body: unknown }>;
  /** Waits until the demo's every series has a value; answers `indicator|scope` → value. */
  waitForDemoValues(): Promise<Map<string, number>>;
  /** CPU seconds (user + system) of the server process so far. */
  cpu(): number;
  stop(): Promise<void>;
}

/**
 * The built server (`dist/apps/server/main.js`) with the demo on (catalogue, simulator, alert rules),
 * on the given Redis and a data directory of its own (SQLite).
 */
export async function startDemoServer(opts: {
  port: number;
  redisUrl: string;
  dataDir: string;
  adminKey: string;
  env?: Record<string, string>;
}): Promise<DemoServer> {
  const env = {
    ...process.env,
    PORT: String(opts.port),
    REDIS_URL: opts.redisUrl,
    IOC_DEMO: '1',
    IOC_ADMIN_KEY: opts.adminKey,
    IOC_DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['dist/apps/server/main.js'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${opts.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${out.slice(-2000)}`);
    const up = await fetch(baseUrl + '/health').then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 300) throw new Error(`the server did not start:\n${out.slice(-2000)}`);
    await sleep(200);
  }
  return {
    baseUrl,
    adminKey: opts.adminKey,
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    async waitForDemoValues() {
      const expected = await (async () => {
        for (let i = 0; ; i++) {
          const [ind, sc] = await Promise.all([call('GET', '/api/v1/indicators'), call('GET', '/api/v1/scopes')]);
          const n = (ind.body as unknown[]).length * (sc.body as unknown[]).length;
          if (n >= 10_000 || i > 100) return n;
          await sleep(300);
        }
      })();
      for (let i = 0; ; i++) {
        const r = await call('GET', '/api/v1/latest?scope=74');
        const points = (r.body as { points: { indicator: string; scope: string; value: number }[] }).points;
        if (points.length >= expected || i > 150) {
          return new Map(points.map((p) => [`${p.indicator}|${p.scope}`, p.value]));
        }
        await sleep(500);
      }
    },
    cpu() {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
