/**
 * Statistics reads (`npm run bench:statistics`): the demo province's catalogue (1,039 indicators, of
 * which ~100 are period indicators, × 10 scopes) in one server process, with 10 years of monthly,
 * quarterly and yearly reports of every period indicator in every scope, ingested over the HTTP API
 * in batches of 1,000 (4 clients), one year at a time: the "ingest of a year of reports for all
 * scopes" figure. Then, p50/p99 over BENCH_CALLS calls (after 10 warm-up calls) of:
 *   - a wall's summaries: `summary` of every period indicator of one district, issued as a wall screen
 *     does (all at once over 6 keep-alive connections, as a browser would); the wall's total time;
 *   - `reporting` for one month over the whole province (every period indicator × 10 scopes);
 *   - `periods` for 10 years of one series of the province (its own figures and its 9 districts').
 * Ceilings, measured in the same run: the same Redis data read by one bare pipeline (what each answer
 * reads: revision-log HGETALL/HGET), and for the wall as many trivial authenticated requests
 * (`GET /api/v1/scopes`) over the same 6 connections: the HTTP floor. Server CPU per wall is printed.
 * Last line: one JSON object.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Period, parsePeriod } from '@app/catalogue';
import {
  DEMO_DISTRICTS,
  DEMO_DOMAIN_LIST,
  DEMO_INDICATORS,
  DEMO_SCOPES,
  demoPeriodValue,
  demoPlans,
  type DemoIndicator,
} from '@app/demo';
import { Redis } from 'ioredis';

const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const YEARS = Number(process.env.BENCH_YEARS ?? 10);
const WALL_SCOPE = process.env.BENCH_WALL_SCOPE ?? '718';
const WALL_TARGET_MS = 50;

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 100) / 100;
};
/** CPU seconds (user + system) of a process so far. */
const cpuOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

/** p50/p99 of CALLS timed runs of `fn`, after 10 untimed ones. */
async function timed(fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 10; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return { p50: q(ms, 0.5), p99: q(ms, 0.99) };
}

async function main(): Promise<void> {
  const port = await freePort();
  const key = `bench-admin-${randomBytes(12).toString('hex')}`;
  const prefix = `benchst${randomBytes(3).toString('hex')}`;
  const dataDir = join(tmpdir(), `ioc-bench-statistics-${prefix}`);
  const env = {
    ...process.env,
    PORT: String(port),
    IOC_DEMO: '0',
    IOC_ADMIN_KEY: key,
    IOC_DATA_DIR: dataDir,
    IOC_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  let out = '';
  // BENCH_NODE_ARGS: extra flags for the server, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server: ChildProcess = spawn(process.execPath, [...nodeArgs, 'dist/apps/server/main.js'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => (out += d));
  server.stderr!.on('data', (d) => (out += d));
  // A browser's six connections to one host, kept alive.
  const browser = new Agent({ keepAlive: true, maxSockets: 6 });
  const bulk = new Agent({ keepAlive: true, maxSockets: 4 });
  const call = (method: string, path: string, body?: unknown, agent = bulk) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON answers
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  const get = async (path: string, agent = browser) => {
    const r = await call('GET', path, undefined, agent);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`the server exited:\n${out.slice(-2000)}`);
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300) throw new Error('the server did not start');
      await sleep(200);
    }
    // The demo catalogue through the API, period indicators with their statistics fields.
    const post = async (path: string, body: unknown) => {
      const r = await call('POST', path, body);
      if (r.status !== 201 && r.status !== 409) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    for (const d of DEMO_DOMAIN_LIST) await post('/api/v1/domains', d);
    for (const s of DEMO_SCOPES) await post('/api/v1/scopes', s);
    for (let i = 0; i < DEMO_INDICATORS.length; i += 20) {
      await Promise.all(
        DEMO_INDICATORS.slice(i, i + 20).map((x) =>
          post('/api/v1/indicators', {
            code: x.code,
            domain: x.domain,
            name: x.name,
            unit: x.unit,
            direction: x.direction ?? undefined,
            target: x.target ?? undefined,
            ...(x.period ? { period: x.period, timeAgg: x.timeAgg, scopeAgg: x.scopeAgg, dueDays: x.dueDays } : {}),
          }),
        ),
      );
    }
    const periodic = DEMO_INDICATORS.filter((i) => i.stats) as (DemoIndicator & { period: Period['kind'] })[];
    const scopes = DEMO_SCOPES.map((s) => s.code);
    const lastYear = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear() - 1;
    const firstYear = lastYear - YEARS + 1;
    console.log(
      `catalogue: ${DEMO_INDICATORS.length} indicators (${periodic.length} period indicators) × ${scopes.length} scopes; ` +
        `history ${firstYear}-${lastYear}`,
    );

    // 10 years of reports, a year at a time, timed until the ingest queue is drained (every report written).
    const queue = `${prefix}:bull:ioc-ingest`;
    const drained = async () => {
      for (;;) {
        const [wait, active, delayed] = await Promise.all([
          redis.llen(`${queue}:wait`),
          redis.llen(`${queue}:active`),
          redis.zcard(`${queue}:delayed`),
        ]);
        if (wait + active + delayed === 0) return;
        await sleep(10);
      }
    };
    const periodsOfYear = (kind: Period['kind'], year: number): Period[] => {
      if (kind === 'year') return [parsePeriod('year', String(year))];
      if (kind === 'quarter') return [1, 2, 3, 4].map((n) => parsePeriod('quarter', `${year}-Q${n}`));
      return Array.from({ length: 12 }, (_, m) => parsePeriod('month', `${year}-${String(m + 1).padStart(2, '0')}`));
    };
    const yearSeconds: number[] = [];
    let yearPoints = 0;
    for (let year = firstYear; year <= lastYear; year++) {
      const points = periodic.flatMap((ind) =>
        periodsOfYear(ind.period, year).flatMap((p) =>
          scopes.map((scope) => ({
            indicator: ind.code,
            scope,
            period: p.label,
            value: demoPeriodValue(ind, scope, p),
          })),
        ),
      );
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < points.length) {
            const batch = points.slice(next, (next += 1000));
            const r = await call('POST', '/api/v1/ingest', { points: batch });
            if (r.status !== 202 || r.body.rejected.length > 0) {
              throw new Error(`ingest: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
            }
          }
        }),
      );
      await drained();
      yearSeconds.push((performance.now() - t) / 1000);
      yearPoints = points.length;
    }
    const ingestYear = q(yearSeconds, 0.5);
    console.log(
      `ingest, a year of reports for all scopes (${yearPoints} reports): median ${ingestYear.toFixed(2)} s ` +
        `(${Math.round(yearPoints / ingestYear)} reports/s), slowest ${Math.max(...yearSeconds).toFixed(2)} s`,
    );

    // Plans of the summaries' year, per scope (the summary reads the year's plan).
    const plans = demoPlans(DEMO_INDICATORS, [lastYear]);
    for (let i = 0; i < plans.length; i += 20) {
      await Promise.all(
        plans.slice(i, i + 20).map(async (p) => {
          const r = await call('PUT', `/api/v1/plans/${p.indicator}/${p.scope}/${p.year}`, { value: p.value });
          if (r.status !== 200) throw new Error(`plan: ${r.status} ${JSON.stringify(r.body)}`);
        }),
      );
    }

    // Each indicator's last period of lastYear: December, Q4, the year.
    const lastPeriod = (ind: { period: Period['kind'] }) => periodsOfYear(ind.period, lastYear).at(-1)!;
    const wallPaths = periodic.map(
      (ind) => `/api/v1/series/${ind.code}/${WALL_SCOPE}/summary?period=${lastPeriod(ind).label}`,
    );
    const sample = await get(wallPaths[0]);
    if (sample.ytd === null || sample.plan === null || !sample.rank) {
      throw new Error(`summary without ytd, plan or rank: ${JSON.stringify(sample)}`);
    }
    const pid = server.pid!;
    const cpu0 = cpuOf(pid);
    const wall = await timed(() => Promise.all(wallPaths.map((p) => get(p))));
    const wallCpuMs = ((cpuOf(pid) - cpu0) * 1000) / (CALLS + 10);
    const floor = await timed(() => Promise.all(wallPaths.map(() => get('/api/v1/scopes'))));
    const one = await timed(() => get(wallPaths[0]));
    // The same tiles in one request: GET /api/v1/summaries (each indicator in its period holding December).
    const batchPath = `/api/v1/summaries?scope=${WALL_SCOPE}&period=${lastYear}-12`;
    const batchSample = await get(batchPath);
    if (batchSample.summaries.length !== wallPaths.length) {
      throw new Error(`summaries: ${batchSample.summaries.length} of ${wallPaths.length} indicators`);
    }
    const batch = await timed(() => get(batchPath));

    const revKey = (indicator: string, scope: string) => `${prefix}:rev:{${indicator}|${scope}}`;
    const siblings = DEMO_DISTRICTS.map((d) => d.code);
    const wallCeiling = await timed(() => {
      const pipe = redis.pipeline();
      for (const ind of periodic) {
        pipe.hgetall(revKey(ind.code, WALL_SCOPE));
        const ts = String(lastPeriod(ind).start);
        for (const s of siblings) pipe.hget(revKey(ind.code, s), ts);
      }
      return pipe.exec();
    });

    const month = `${lastYear}-11`;
    const report = await get(`/api/v1/reporting?period=${month}&scope=74`);
    const reporting = await timed(() => get(`/api/v1/reporting?period=${month}&scope=74`));
    const monthStart = parsePeriod('month', month).start;
    const reportingCeiling = await timed(() => {
      const pipe = redis.pipeline();
      for (const row of report.rows as { indicator: string; scope: string; period: string }[]) {
        const ind = periodic.find((i) => i.code === row.indicator)!;
        const start = ind.period === 'month' ? monthStart : parsePeriod(ind.period, row.period).start;
        pipe.hget(revKey(row.indicator, row.scope), String(start));
      }
      return pipe.exec();
    });

    const series = 'finance.budget_revenue';
    const periodsPath = `/api/v1/series/${series}/74/periods?from=${firstYear}-01&to=${lastYear}-12`;
    const tenYears = await get(periodsPath);
    if (tenYears.points.length !== YEARS * 12) throw new Error(`periods: ${tenYears.points.length} points`);
    const periods = await timed(() => get(periodsPath));
    const periodsCeiling = await timed(() => {
      const pipe = redis.pipeline();
      for (const s of scopes) pipe.hgetall(revKey(series, s));
      return pipe.exec();
    });

    const rows = [
      [
        `wall: summary × ${wallPaths.length} (scope ${WALL_SCOPE}), 6 connections`,
        wall,
        `HTTP floor (${wallPaths.length} × GET /scopes): ${floor.p50} / ${floor.p99} ms; Redis: ${wallCeiling.p50} / ${wallCeiling.p99} ms`,
      ],
      [
        `wall: one GET /summaries (${wallPaths.length} summaries)`,
        batch,
        `Redis: ${wallCeiling.p50} / ${wallCeiling.p99} ms`,
      ],
      ['one summary alone', one, ''],
      [
        `reporting, one month, whole province (${report.rows.length} rows)`,
        reporting,
        `Redis pipelined HGET × ${report.rows.length}: ${reportingCeiling.p50} / ${reportingCeiling.p99} ms`,
      ],
      [
        `periods, 10 years of ${series}|74 (+ 9 districts)`,
        periods,
        `Redis HGETALL × ${scopes.length}: ${periodsCeiling.p50} / ${periodsCeiling.p99} ms`,
      ],
    ] as const;
    console.log(`\n| figure (${CALLS} calls) | p50 ms | p99 ms | ceiling p50 / p99 |\n| --- | --- | --- | --- |`);
    for (const [label, r, ceiling] of rows) console.log(`| ${label} | ${r.p50} | ${r.p99} | ${ceiling} |`);
    console.log(
      `server CPU per wall: ${wallCpuMs.toFixed(1)} ms (${((wallCpuMs * 1000) / wallPaths.length).toFixed(0)} µs per summary)`,
    );
    console.log(
      `target: a wall's summaries ≤ ${WALL_TARGET_MS} ms p99 → one /summaries: ${batch.p99} ms, ` +
        `${batch.p99 <= WALL_TARGET_MS ? 'met' : 'NOT met'} (per-series requests: ${wall.p99} ms)`,
    );
    const result = {
      period_indicators: periodic.length,
      scopes: scopes.length,
      years: YEARS,
      ingest_year_reports: yearPoints,
      ingest_year_s: ingestYear,
      ingest_reports_per_s: Math.round(yearPoints / ingestYear),
      wall_summaries: wallPaths.length,
      wall_p50_ms: wall.p50,
      wall_p99_ms: wall.p99,
      wall_http_floor_p50_ms: floor.p50,
      wall_http_floor_p99_ms: floor.p99,
      wall_redis_p50_ms: wallCeiling.p50,
      wall_redis_p99_ms: wallCeiling.p99,
      wall_server_cpu_ms: Math.round(wallCpuMs * 10) / 10,
      wall_batch_p50_ms: batch.p50,
      wall_batch_p99_ms: batch.p99,
      summary_p50_ms: one.p50,
      summary_p99_ms: one.p99,
      reporting_rows: report.rows.length,
      reporting_p50_ms: reporting.p50,
      reporting_p99_ms: reporting.p99,
      reporting_redis_p50_ms: reportingCeiling.p50,
      periods_p50_ms: periods.p50,
      periods_p99_ms: periods.p99,
      periods_redis_p50_ms: periodsCeiling.p50,
      wall_target_met: batch.p99 <= WALL_TARGET_MS,
    };
    console.log(JSON.stringify(result));
  } finally {
    // The throw-away prefix's keys go with it (the Redis is shared).
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    browser.destroy();
    bulk.destroy();
    server.kill('SIGTERM');
    await sleep(500);
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err);
    process.exit(1);
  },
);
