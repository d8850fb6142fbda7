/**
 * npm run bench:ingest — storage and ingest figures, each next to the ceiling measured in the same
 * run (docs/benchmarks.md). The last line is one JSON object with every figure.
 */
import type { IndicatorPoint, SeriesRef } from '@app/contracts';
import { ChunkedTimeSeriesStore } from '@app/timeseries';
import { type BenchRedis, startBenchRedis } from './bench-redis';
import { writeCeiling } from './ceiling';
import { e2eIngest } from './e2e-ingest';
import { generate, SHAPES, type Shape, type ValueStyle } from './shapes';

const DAY = 86_400_000;
const retention = () => ({ rawMs: 4000 * DAY, rollupMs: 4000 * DAY });
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const E2E_POINTS = Number(process.argv.find((a) => a.startsWith('--e2e-points='))?.split('=')[1] ?? 300_000);
/** Points sent (and written) before the end-to-end clock starts. */
const E2E_WARMUP = 50_000;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** Writes batches of 10,000 points (the ingest maximum), 2 in flight, as the worker would. */
async function writeStore(store: ChunkedTimeSeriesStore, points: IndicatorPoint[]): Promise<void> {
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < points.length; i += 10_000) {
    inFlight.push(store.write(points.slice(i, i + 10_000)));
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
}

/** Redis's own accounting (MEMORY USAGE) of the keys matching a pattern. */
async function keyBytes(r: BenchRedis, pattern: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await r.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    const pipe = r.redis.pipeline();
    for (const k of keys) pipe.memory('USAGE', k, 'SAMPLES', '0');
    for (const [, v] of (await pipe.exec()) ?? []) total += Number(v ?? 0);
    cursor = next;
  } while (cursor !== '0');
  return total;
}

/** Store runs per figure: the median is reported (one run of a million points is under a second). */
const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measureShape(r: BenchRedis, shape: Shape, style: ValueStyle, start: number) {
  const points = generate(shape, style, start);
  await r.redis.flushall();
  const ceilS = await timed(() => writeCeiling(r.redis, points, start));
  const storeTimes: number[] = [];
  const writeTimes: number[] = [];
  let cpuS = 0;
  let redisCpuS = 0;
  let rawBytes = 0;
  let rollupBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    await r.redis.flushall();
    const before = await r.memory();
    const store = new ChunkedTimeSeriesStore(r.redis, { prefix: 'bench', retention });
    const cpu0 = process.cpuUsage();
    const rcpu0 = await r.cpu();
    const writeS = await timed(() => writeStore(store, points));
    // Rollups on: the time to bring every touched day's rollups up to date (and seal finished days) counts too.
    const rollupS = await timed(async () => {
      while ((await store.refreshRollups(1000)) > 0);
    });
    const cpu = process.cpuUsage(cpu0);
    cpuS += (cpu.user + cpu.system) / 1e6;
    redisCpuS += (await r.cpu()) - rcpu0;
    writeTimes.push(writeS);
    storeTimes.push(writeS + rollupS);
    rollupBytes = await keyBytes(r, 'bench:{*}:r');
    rawBytes = (await r.memory()) - before - rollupBytes;
  }
  const total = storeTimes.reduce((a, b) => a + b, 0);
  return {
    ceiling: points.length / ceilS,
    store: points.length / median(storeTimes),
    writeOnly: points.length / median(writeTimes),
    bytesPerPoint: rawBytes / points.length,
    rollupBytesPerPoint: rollupBytes / points.length,
    clientCpu: cpuS / total,
    redisCpu: redisCpuS / total,
    points,
  };
}

async function measureReads(r: BenchRedis, now: number) {
  await r.redis.flushall();
  const store = new ChunkedTimeSeriesStore(r.redis, { prefix: 'bench', retention });
  const series: SeriesRef[] = Array.from({ length: 10_390 }, (_, i) => ({
    indicator: `r.i${i % 1039}`,
    scope: `s${Math.floor(i / 1039)}`,
  }));
  await store.write(series.map((s, i) => ({ ...s, ts: now, value: i })));
  const keys = series.map((s) => `mget:{${s.indicator}|${s.scope}}`);
  for (let i = 0; i < keys.length; i += 1000)
    await r.redis.mset(...keys.slice(i, i + 1000).flatMap((k) => [k, '123456789012:1.5']));
  // Alternating, so both see the same machine; medians of 15 calls each.
  const latestTimes: number[] = [];
  const mgetTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    latestTimes.push(await timed(() => store.latest(series)));
    mgetTimes.push(await timed(() => r.redis.mget(...keys)));
  }
  const latestS = median(latestTimes);
  const mgetS = median(mgetTimes);

  const day = { indicator: 'r.day', scope: 's' };
  const dayStart = Math.floor(now / DAY) * DAY - DAY;
  const dayPoints = Array.from({ length: 86_400 }, (_, i) => ({ ...day, ts: dayStart + i * 1000, value: i % 97 }));
  for (let i = 0; i < dayPoints.length; i += 10_000) await store.write(dayPoints.slice(i, i + 10_000));
  const rangeDayS = await timed(() => store.range(day, { from: dayStart, to: dayStart + DAY - 1 }));
  while ((await store.refreshRollups(1000)) > 0);
  // "The last 24 hours at step 1 hour", bounds aligned to nothing: hourly rollups, minutes and raw on the edges.
  const last24 = {
    from: dayStart + DAY / 2 + 500,
    to: dayStart + DAY + DAY / 2 + 499,
    step: 3_600_000,
    agg: 'avg' as const,
  };
  const range24hS = await timed(() => store.range(day, last24));

  const year = { indicator: 'r.year', scope: 's' };
  const yearStart = dayStart - 365 * DAY;
  const yearPoints = Array.from({ length: 365 * 24 }, (_, i) => ({
    ...year,
    ts: yearStart + i * 3_600_000,
    value: i % 101,
  }));
  await store.write(yearPoints);
  while ((await store.refreshRollups(1000)) > 0);
  const rangeYearS = await timed(() => store.range(year, { from: yearStart, to: dayStart, step: DAY, agg: 'avg' }));
  return {
    latestPerS: 10_390 / latestS,
    mgetPerS: 10_390 / mgetS,
    latestMs: latestS * 1000,
    mgetMs: mgetS * 1000,
    rangeDayMs: rangeDayS * 1000,
    range24hMs: range24hS * 1000,
    rangeYearMs: rangeYearS * 1000,
  };
}

async function runMode(aof: boolean) {
  const r = await startBenchRedis(aof);
  const start = Date.now() - 2 * DAY;
  const figures: Record<string, number> = {};
  try {
    const label = aof ? 'AOF on (everysec)' : 'AOF off';
    console.log(`\n## ${label}`);
    let shapeB: IndicatorPoint[] = [];
    let ceilingB = 0;
    // A, B and C back to back (so C / B compares like with like), then B's variants and end to end.
    for (const shape of SHAPES) {
      const m = await measureShape(r, shape, 'double', start);
      console.log(
        `shape ${shape.name} (${shape.series} series × ${shape.perSeries}${shape.lateFraction ? ', 5 % late' : ''}), random doubles: ` +
          `ceiling ${Math.round(m.ceiling)} pts/s | store ${Math.round(m.store)} pts/s (${round(m.store / m.ceiling)} × ceiling) | ` +
          `(writes alone ${Math.round(m.writeOnly)} pts/s) | ${round(m.bytesPerPoint)} B/point raw + ${round(m.rollupBytesPerPoint)} rollups | CPU client ${round(m.clientCpu * 100, 0)} %, redis ${round(m.redisCpu * 100, 0)} %`,
      );
      figures[`ceiling_pts_s_${shape.name.toLowerCase()}`] = Math.round(m.ceiling);
      figures[`store_pts_s_${shape.name.toLowerCase()}`] = Math.round(m.store);
      figures[`bytes_per_point_${shape.name.toLowerCase()}`] = round(m.bytesPerPoint);
      figures[`rollup_bytes_per_point_${shape.name.toLowerCase()}`] = round(m.rollupBytesPerPoint);
      if (shape.name === 'B') {
        shapeB = m.points;
        ceilingB = m.ceiling;
      }
    }
    const B = SHAPES.find((s) => s.name === 'B')!;
    const d = await measureShape(r, B, 'decimal', start);
    figures.bytes_per_point_b_decimal = round(d.bytesPerPoint);
    console.log(
      `shape B, random walk with 2 decimals: ${round(d.bytesPerPoint)} B/point (store ${Math.round(d.store)} pts/s)`,
    );
    const f = await measureShape(r, B, 'double53', start);
    figures.bytes_per_point_b_double53 = round(f.bytesPerPoint);
    console.log(
      `shape B, doubles with 53 random bits: ${round(f.bytesPerPoint)} B/point (store ${Math.round(f.store)} pts/s)`,
    );
    await r.redis.flushall();
    const e2e = await e2eIngest(r.url, r.redis, shapeB.slice(0, E2E_WARMUP + E2E_POINTS), B.series);
    figures.e2e_pts_s = Math.round(e2e);
    console.log(
      `end to end (POST /api/v1/ingest, 4 clients, batches of 1,000, ${E2E_POINTS} points of shape B after ${E2E_WARMUP} to warm up): ${Math.round(e2e)} pts/s (${round(e2e / ceilingB)} × ceiling)`,
    );
    await r.redis.flushall();
    const split = await e2eIngest(r.url, r.redis, shapeB.slice(0, E2E_WARMUP + E2E_POINTS), B.series, [
      'gateway',
      'worker',
    ]);
    figures.e2e_split_pts_s = Math.round(split);
    console.log(
      `end to end, gateway and worker as two processes: ${Math.round(split)} pts/s (${round(split / ceilingB)} × ceiling)`,
    );
    const reads = await measureReads(r, Date.now());
    console.log(
      `reads: latest of 10,390 series ${round(reads.latestMs)} ms (${Math.round(reads.latestPerS)} series/s) vs bare MGET ${round(reads.mgetMs)} ms ` +
        `(${round(reads.latestPerS / reads.mgetPerS)} × MGET) | one day of 1-s raw points ${round(reads.rangeDayMs)} ms | 24 h of 1-s points at step 1 h, unaligned ${round(reads.range24hMs)} ms | a year at step 1 day ${round(reads.rangeYearMs)} ms`,
    );
    const b = (k: string) => figures[`${k}_b`];
    return {
      ceiling_pts_s: b('ceiling_pts_s'),
      store_pts_s: b('store_pts_s'),
      store_ratio: round(b('store_pts_s') / b('ceiling_pts_s')),
      late_ratio: round(figures.store_pts_s_c / b('store_pts_s')),
      e2e_pts_s: figures.e2e_pts_s,
      e2e_ratio: round(figures.e2e_pts_s / b('ceiling_pts_s')),
      e2e_split_pts_s: figures.e2e_split_pts_s,
      e2e_split_ratio: round(figures.e2e_split_pts_s / b('ceiling_pts_s')),
      bytes_per_point_b: figures.bytes_per_point_b,
      bytes_per_point_a: figures.bytes_per_point_a,
      bytes_per_point_b_decimal: figures.bytes_per_point_b_decimal,
      bytes_per_point_b_double53: figures.bytes_per_point_b_double53,
      rollup_bytes_per_point: figures.rollup_bytes_per_point_b,
      latest_ratio: round(reads.latestPerS / reads.mgetPerS),
      latest_ms: round(reads.latestMs),
      range_day_raw_ms: round(reads.rangeDayMs),
      range_24h_step_hour_ms: round(reads.range24hMs),
      range_year_step_day_ms: round(reads.rangeYearMs),
      shape_a: { ceiling_pts_s: figures.ceiling_pts_s_a, store_pts_s: figures.store_pts_s_a },
      shape_c: { ceiling_pts_s: figures.ceiling_pts_s_c, store_pts_s: figures.store_pts_s_c },
    };
  } finally {
    await r.stop();
  }
}

async function main() {
  console.log('# bench:ingest — the store behind TimeSeriesStore vs one pipelined APPEND per point (the ceiling)');
  const off = await runMode(false);
  const on = await runMode(true);
  console.log(JSON.stringify({ ...off, aof: on }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
