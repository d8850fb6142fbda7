/**
 * npm run bench:import — a 1,000,000-row CSV file imported through `POST /api/v1/imports` by the built
 * server, beside push ingest (`POST /api/v1/ingest`, 4 clients, 1,000 points a request) of the same
 * shape of points, both measured in this run on the benchmark's own redis-server (append-only file off).
 * Each clock stops when the ingest queue is empty (every point written). The service process's RSS is
 * read from /proc/<pid>/status: VmRSS before the import, and VmHWM after it (the high-water mark is
 * reset first by writing 5 to /proc/<pid>/clear_refs), so `rss_growth_mb` is the import's peak growth.
 * The service runs as a gateway (takes the upload, runs the import: its RSS is measured) and a worker
 * (writes the points); --single runs one server process instead. Flags: --rows=N (default 1,000,000),
 * --single, --no-mqtt. Then runs bench/connectors/mqtt.bench.ts (`npm run bench:mqtt`: an MQTT source at 5,000
 * messages/s) for `mqtt_msgs_s`. Last line: one JSON object.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, openAsBlob, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ImportStatus, IngestResult } from '@app/contracts';
import type { Redis } from 'ioredis';
import { startBenchRedis } from '../ingest/bench-redis';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ROWS = Number(arg('rows') ?? 1_000_000);
const INDICATORS = 10;
const SCOPES = 100; // 1,000 series
const WARMUP_ROWS = 50_000;
const VN = 7 * 3_600_000;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** Point i of a run: series interleaved, 1-second steps, values with 2 decimals (a random walk). */
function point(i: number, start: number): { indicator: string; scope: string; ts: number; value: number } {
  const series = i % (INDICATORS * SCOPES);
  const step = Math.floor(i / (INDICATORS * SCOPES));
  return {
    indicator: `bench.i${series % INDICATORS}`,
    scope: `s${Math.floor(series / INDICATORS)}`,
    ts: start + step * 1000,
    value: Math.round((500 + 100 * Math.sin(i / 7919) + (i % 13)) * 100) / 100,
  };
}

/** dd/mm/yyyy hh:mm:ss in Vietnam time, as a department's export writes it. */
function vnText(ts: number): string {
  const d = new Date(ts + VN);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Writes a ';'-separated CSV with a BOM and Vietnamese headers, decimal commas; streamed to disk. */
async function writeCsv(path: string, rows: number, start: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('\uFEFFMã chỉ tiêu;Đơn vị;Thời điểm;Giá trị\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const p = point(i, start);
    chunk += `${p.indicator};${p.scope};${vnText(p.ts)};${String(p.value).replace('.', ',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(Vm\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]] = Number(m[2]) / 1024;
  }
  return out;
}

async function main(): Promise<Record<string, unknown>> {
  const r = await startBenchRedis(false);
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-import-'));
  const port = await freePort();
  const key = `bench-admin-${randomBytes(16).toString('hex')}`;
  const prefix = 'benchimp';
  const env = {
    ...process.env,
    PORT: String(port),
    REDIS_URL: r.url,
    IOC_DEMO: '0',
    IOC_ADMIN_KEY: key,
    DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
    IOC_DATA_DIR: join(dir, 'data'),
    IOC_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  let out = '';
  // Default: a gateway (which takes the upload and runs the import) and a worker (which writes the
  // points), so the gateway's RSS is the import's own cost; --single: one server process doing both.
  const single = process.argv.includes('--single');
  const apps = single ? ['server'] : ['gateway', 'worker'];
  const children: ChildProcess[] = apps.map((app) => {
    const c = spawn(process.execPath, [`dist/apps/${app}/main.js`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout!.on('data', (d) => (out += d));
    c.stderr!.on('data', (d) => (out += d));
    return c;
  });
  const child = children[0];
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  try {
    for (let i = 0; i < 300; i++) {
      if (children.some((c) => c.exitCode !== null))
        throw new Error(`dist/apps/{${apps}}/main.js exited at start (built?)`);
      if (
        await fetch(`${base}/health`).then(
          (x) => x.ok,
          () => false,
        )
      )
        break;
      await new Promise((res) => setTimeout(res, 100));
    }
    await call('POST', '/api/v1/domains', { code: 'bench', name: 'bench' });
    for (let i = 0; i < INDICATORS; i++)
      await call('POST', '/api/v1/indicators', { code: `bench.i${i}`, domain: 'bench', name: `i${i}`, unit: 'u' });
    for (let s = 0; s < SCOPES; s++) await call('POST', '/api/v1/scopes', { code: `s${s}`, name: `s${s}` });

    const drained = async (redis: Redis) => {
      const q = `${prefix}:bull:ioc-ingest`;
      for (;;) {
        const [wait, active, delayed] = await Promise.all([
          redis.llen(`${q}:wait`),
          redis.llen(`${q}:active`),
          redis.zcard(`${q}:delayed`),
        ]);
        if (wait + active + delayed === 0) return;
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    const mapping = { indicator: 'Mã chỉ tiêu', scope: 'Đơn vị', ts: 'Thời điểm', value: 'Giá trị' };
    /** Uploads a file (read from disk as it is sent) and waits until its import is done and written. */
    const importFile = async (path: string) => {
      const form = new FormData();
      form.append('mapping', JSON.stringify(mapping));
      form.append('file', await openAsBlob(path), 'bench.csv');
      const res = await fetch(`${base}/api/v1/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: form,
      });
      const { id } = (await res.json()) as { id: string };
      if (res.status !== 202) throw new Error(`import refused: ${res.status} ${JSON.stringify(id)}`);
      let run: ImportStatus;
      for (;;) {
        run = (await call('GET', `/api/v1/imports/${id}`)).body as unknown as ImportStatus;
        if (run.state !== 'running') break;
        await new Promise((res2) => setTimeout(res2, 50));
      }
      if (run.state !== 'done' || run.rejectedCount > 0) throw new Error(`import ${JSON.stringify(run).slice(0, 500)}`);
      await drained(r.redis);
      return run;
    };
    /** POSTs points in batches of 1,000 from 4 clients, then waits until every one is written. */
    const push = async (n: number, start: number) => {
      let next = 0;
      let accepted = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < n) {
            const from = next;
            next = Math.min(n, next + 1000);
            const points = [];
            for (let i = from; i < next; i++) points.push(point(i, start));
            const a = await call('POST', '/api/v1/ingest', { points });
            const answer = a.body as unknown as IngestResult;
            if (a.status !== 202 || answer.rejected.length > 0)
              throw new Error(`push: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
            accepted += answer.accepted;
          }
        }),
      );
      await drained(r.redis);
      if (accepted !== n) throw new Error(`push: only ${accepted} of ${n} accepted`);
    };

    const dayMs = 86_400_000;
    const base0 = Math.floor(Date.now() / dayMs) * dayMs - 6 * dayMs; // whole days, inside the raw retention
    const warmFile = join(dir, 'warm.csv');
    const bigFile = join(dir, 'big.csv');
    await writeCsv(warmFile, WARMUP_ROWS, base0 - dayMs);
    console.log(`writing ${ROWS.toLocaleString('en')} rows...`);
    await writeCsv(bigFile, ROWS, base0);
    console.log(`  ${(statSync(bigFile).size / 1e6).toFixed(1)} MB on disk`);

    // Warm-up (not timed): an import and a push, so both figures are the service's steady state.
    await importFile(warmFile);
    await push(WARMUP_ROWS, base0 - 2 * dayMs);

    const pid = child.pid!;
    const before = status(pid);
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // VmHWM := VmRSS
    let t = performance.now();
    const run = await importFile(bigFile);
    const importSeconds = (performance.now() - t) / 1000;
    const after = status(pid);
    const rssGrowth = after.VmHWM - before.VmRSS;

    // Push ingest of the same shape of points, two days later (so it overwrites nothing of the import).
    const beforePush = status(pid);
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    t = performance.now();
    await push(ROWS, base0 + 2 * dayMs);
    const pushSeconds = (performance.now() - t) / 1000;
    const pushGrowth = status(pid).VmHWM - beforePush.VmRSS;

    const importRate = ROWS / importSeconds;
    const pushRate = ROWS / pushSeconds;
    console.log(
      `import: ${run.rows} rows in ${importSeconds.toFixed(1)} s (${Math.round(importRate)} rows/s), ` +
        `${apps[0]} RSS ${before.VmRSS.toFixed(0)} MB before, peak ${after.VmHWM.toFixed(0)} MB (+${rssGrowth.toFixed(1)} MB)`,
    );
    console.log(
      `push ingest: ${ROWS} points in ${pushSeconds.toFixed(1)} s (${Math.round(pushRate)} pts/s), ` +
        `${apps[0]} RSS +${pushGrowth.toFixed(1)} MB at its peak`,
    );
    return {
      import_rows_s: Math.round(importRate),
      push_pts_s: Math.round(pushRate),
      import_ratio: Math.round((importRate / pushRate) * 100) / 100,
      rss_growth_mb: Math.round(rssGrowth * 10) / 10,
      push_rss_growth_mb: Math.round(pushGrowth * 10) / 10,
      process: apps[0],
      rows: ROWS,
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${out.slice(-2000)}`, { cause: err });
  } finally {
    for (const c of children) {
      if (c.exitCode !== null) continue;
      const gone = once(c, 'exit');
      c.kill('SIGTERM');
      await gone;
    }
    await r.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The MQTT half of the figures: bench/connectors/mqtt.bench.ts run after the import (its own services). */
async function mqtt(): Promise<Record<string, unknown>> {
  if (process.argv.includes('--no-mqtt')) return { mqtt_msgs_s: null };
  console.log('MQTT source (bench/connectors/mqtt.bench.ts):');
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/connectors/mqtt.bench.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => {
    text += d;
    process.stdout.write(d.toString().replace(/^(?=.)/gm, '  '));
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  const last = text.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`mqtt bench failed (exit ${code})`);
  const m = JSON.parse(last) as Record<string, unknown>;
  return { mqtt_msgs_s: m.mqtt_msgs_s, mqtt_rate_offered: m.mqtt_rate_offered, mqtt_latest_p99_ms: m.latest_p99_ms };
}

main()
  .then(async (result) => console.log(JSON.stringify({ ...result, ...(await mqtt()) })))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
