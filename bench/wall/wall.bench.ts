/**
 * The wall screen under load (`npm run bench:wall`): headless Chromium shows the demo province
 * (`/wall?scope=74`: 1,039 indicators × 10 scopes, one domain page visible) from the built server with
 * the demo on, while the simulator and an extra ingest load update 500 series a second, for 60 seconds
 * (BENCH_WALL_SECONDS). Measured through the Chrome DevTools Protocol and inside the page:
 *   - long tasks (a PerformanceObserver for 'longtask' installed before the page's own scripts),
 *     over the whole life of the page and over the live window alone;
 *   - frames per second (requestAnimationFrame counted over the live window);
 *   - time to first values (`window.__wallStats.firstValuesMs`: navigation start to the first render
 *     with values);
 *   - the page's JS heap (`HeapProfiler.collectGarbage`, then `Performance.getMetrics`'
 *     `JSHeapUsedSize`) when the page has settled after loading, after a warm-up of live updates
 *     (BENCH_WALL_WARMUP_SECONDS, 10: the window's start) and at the end of the window;
 *   - the renderer's CPU time (`SystemInfo.getProcessInfo`): on a shared machine a task's wall-clock
 *     duration includes time its thread waited for a core (BENCH_WALL_TRACE=1 prints each long task's
 *     CPU time beside its duration);
 *   - the main thread's busy time (`TaskDuration`, `ScriptDuration`, layout and style) in the window.
 * The ceiling, in the same browser and run: an idle page of the same origin for the same metrics (what
 * the machine alone costs: its long tasks and frame rate), and the bare cost of one `JSON.parse` of the
 * province's latest values (10,390 points, what the first snapshot carries), the floor of any page that
 * takes them in one message.
 * Its own redis-server and data directory (SQLite); nothing is left behind. BENCH_WALL_PROFILE=DIR
 * writes CPU profiles of the load and of the live window (open them in Chrome's DevTools, or read the
 * top functions printed).
 * Last line: one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { startBenchRedis } from '../ingest/bench-redis';
import { freePort, load, sleep, startDemoServer, type DemoServer } from './bench-wall.shared';
import { launchChromium } from '../../test/support/chromium';

const SECONDS = Number(process.env.BENCH_WALL_SECONDS ?? 60);
/** Extra points a second, on top of the simulator's. */
const RATE = Number(process.env.BENCH_WALL_RATE ?? 500);
/** After the first values: time for the page to settle (history, summaries, the audio output). */
const SETTLE_MS = Number(process.env.BENCH_WALL_SETTLE_MS ?? 8000);
const IDLE_SECONDS = Math.min(10, SECONDS);
/** Live load before the measured window starts. */
const WARMUP_SECONDS = Number(process.env.BENCH_WALL_WARMUP_SECONDS ?? 10);
const PROFILE_DIR = process.env.BENCH_WALL_PROFILE;
/** BENCH_WALL_TRACE=1: a DevTools trace of the live window, its main thread's time by event printed. */
const TRACE = !!process.env.BENCH_WALL_TRACE;
const WALL_QUERY = process.env.BENCH_WALL_QUERY ?? 'scope=74';

/** Installed before the page's scripts: long tasks and animation frames, as the page sees them. */
const PAGE_PROBE = `
  window.__bench = { longtasks: [], frames: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const tick = () => { window.__bench.frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
`;

/** What the page's functions use of the browser's globals (the benchmark compiles without the DOM's types). */
interface PageGlobals {
  document: { body: { dataset: Record<string, string | undefined> } };
  performance: {
    getEntriesByType(type: string): { name: string; startTime: number; duration: number; responseEnd: number }[];
  };
}
interface Probe {
  longtasks: { start: number; duration: number }[];
  frames: number;
}
interface WallStats {
  firstValuesMs: number | null;
  pointsReceived: number;
  livePoints: number;
  snapshots: number;
  frames: number;
}
type Metrics = Record<string, number>;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 2);

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}
/** JS heap in use after a full garbage collection. */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize;
}
const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as { __bench: Probe }).__bench);
const tasksIn = (p: Probe, from: number, to = Infinity) =>
  p.longtasks.filter((t) => t.start >= from && t.start < to).map((t) => t.duration);

/** The top functions of a CPU profile by self time (what to look at first). */
function topFunctions(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, n = 12): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${name}`);
}
/**
 * Self time of the renderer's main thread by trace event name (Paint, Layout, FunctionCall...), and its
 * tasks over 50 ms with their thread (CPU) time beside their wall-clock time: on a loaded machine a task
 * is long partly because its thread waited for a core.
 */
function mainThreadTime(trace: Buffer, n = 14): string[] {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  // The busiest renderer main thread is the wall's (the idle page's renderer may still be there).
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busy = (m: TraceEvent) =>
    events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X').reduce((s, e) => s + (e.dur ?? 0), 0);
  const main = mains.sort((a, b) => busy(b) - busy(a))[0];
  const mine = events
    .filter((e) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid && e.dur)
    .sort((a, b) => a.ts - b.ts);
  const long = mine.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
  const longText = `tasks over 50 ms, wall-clock / CPU ms: ${
    long
      .map((e) => `${Math.round(e.dur! / 1000)}/${e.tdur === undefined ? '?' : Math.round(e.tdur / 1000)}`)
      .join(', ') || 'none'
  }`;
  // Self time: an event's duration less its children's (events nest by time on one thread).
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  for (const e of mine) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push(e);
  }
  return [
    ...[...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`),
    longText,
  ];
}
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** The thread's own (CPU) time, µs. */
  tdur?: number;
  args?: { name?: string };
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
async function profiled<T>(cdp: CDPSession, name: string, run: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return run();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `wall-${name}.cpuprofile`), JSON.stringify(profile));
    console.log(`profile ${name}: top self time\n  ${topFunctions(profile as never).join('\n  ')}`);
  }
}

/** The extra ingest load: RATE points a second in 10 batches; the visible tiles' series every second. */
function startLoad(
  server: DemoServer,
  visible: string[],
  others: string[],
  base: Map<string, number>,
): { stop: () => Promise<{ sent: number; late: number; failed: number }> } {
  let stopped = false;
  let sent = 0;
  let late = 0;
  let failed = 0;
  let next = 0;
  const inFlight = new Set<Promise<void>>();
  const run = (async () => {
    for (let tick = 0; !stopped; tick++) {
      const started = Date.now();
      const n = Math.round(RATE / 10);
      // This tick's share of the visible series, the rest from the others in rotation.
      const mine = visible.filter((_, i) => i % 10 === tick % 10);
      const ids = [...mine];
      while (ids.length < n && others.length) ids.push(others[next++ % others.length]);
      const points = ids.slice(0, n).map((id) => {
        const [indicator, scope] = id.split('|');
        const b = base.get(id) ?? 100;
        return { indicator, scope, ts: started, value: round(b * (1 + (Math.random() - 0.5) * 0.04), 2) };
      });
      const p = server
        .post('/api/v1/ingest', { points })
        .then((r) => {
          if (r.status !== 202) failed++;
        })
        .catch(() => void failed++)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      sent += points.length;
      const wait = 100 - (Date.now() - started);
      if (wait > 0) await sleep(wait);
      else late++;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await run;
      await Promise.all(inFlight);
      return { sent, late, failed };
    },
  };
}

async function main(): Promise<void> {
  const loadStart = load();
  const redis = await startBenchRedis(false);
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-bench-wall-'));
  const key = `bench-admin-${randomBytes(12).toString('hex')}`;
  const server = await startDemoServer({ port: await freePort(), redisUrl: redis.url, dataDir, adminKey: key });
  const browser = await launchChromium();
  let loadStop: ReturnType<typeof startLoad> | null = null;
  try {
    const series = await server.waitForDemoValues();
    console.log(`demo: ${series.size} series with values`);
    const viewer = await server.post('/api/v1/api-keys', { name: 'bench-wall', role: 'viewer' });
    if (viewer.status !== 201) throw new Error(`api-keys: ${viewer.status} ${JSON.stringify(viewer.body)}`);
    const viewerKey = (viewer.body as { key: string }).key;
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    // CPU seconds of the renderer processes (the wall's page is the one busy renderer): on a shared
    // machine the page's own CPU says more than its tasks' wall-clock durations.
    const browserCdp = await browser.newBrowserCDPSession();
    const rendererCpu = async () => {
      const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as {
        processInfo: { type: string; cpuTime: number }[];
      };
      return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
    };

    // The ceiling: an idle page of the same origin, then the bare parse of the province's latest values.
    const idle = await context.newPage();
    await idle.addInitScript(PAGE_PROBE);
    await idle.goto(`${server.baseUrl}/health`);
    const idleCdp = await context.newCDPSession(idle);
    await idleCdp.send('Performance.enable');
    const idleT0 = await idle.evaluate(() => performance.now());
    const idleP0 = await probe(idle);
    await sleep(IDLE_SECONDS * 1000);
    const idleP1 = await probe(idle);
    const idleT1 = await idle.evaluate(() => performance.now());
    const idleFps = ((idleP1.frames - idleP0.frames) * 1000) / (idleT1 - idleT0);
    const idleTasks = tasksIn(idleP1, idleT0);
    const idleHeap = await heapAfterGc(idleCdp);
    const parse = await idle.evaluate(async (token) => {
      const r = await fetch('/api/v1/latest?scope=74', { headers: { authorization: `Bearer ${token}` } });
      const text = await r.text();
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        count = (JSON.parse(text) as { points: unknown[] }).points.length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { bytes: text.length, points: count, medianMs: times[3], maxMs: times[6] };
    }, key);
    // The same subscription over a bare WebSocket from the same browser (the engine.io / socket.io
    // text protocol by hand): the browser's own cost of receiving the ~1-MB answer, without the page.
    const browserAck = await idle.evaluate(
      async ({ token }) =>
        new Promise<{ ackMs: number; bytes: number }>((done, fail) => {
          const g = globalThis as unknown as {
            WebSocket: new (url: string) => {
              send(d: string): void;
              close(): void;
              onmessage: (e: { data: string }) => void;
              onerror: () => void;
            };
            location: { host: string };
          };
          const t0 = performance.now();
          const ws = new g.WebSocket(`ws://${g.location.host}/socket.io/?EIO=4&transport=websocket`);
          ws.onerror = () => fail(new Error('websocket error'));
          ws.onmessage = (e) => {
            const d = e.data;
            if (d.startsWith('0')) ws.send(`40/live,${JSON.stringify({ token })}`);
            else if (d === '2') ws.send('3');
            else if (d.startsWith('40/live')) ws.send('42/live,0["subscribe",{"scopes":["74"]}]');
            else if (d.startsWith('43/live,0')) {
              ws.close();
              done({ ackMs: performance.now() - t0, bytes: d.length });
            }
          };
        }),
      { token: viewerKey },
    );
    console.log(
      `browser: connect + subscribe ack over a bare WebSocket: ${round(browserAck.ackMs, 0)} ms (${round(browserAck.bytes / 1024 / 1024, 2)} MB)`,
    );
    await idle.close();
    // The server's part of the first values: the same subscription from Node (socket.io-client), from
    // io() to the subscribe ack with its snapshot, taken three times.
    const ackTimes: number[] = [];
    let ackPoints = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const socket = io(`${server.baseUrl}/live`, { auth: { token: viewerKey }, transports: ['websocket'] });
      const ack = (await socket.timeout(30_000).emitWithAck('subscribe', { scopes: ['74'] })) as {
        ok: boolean;
        snapshot: unknown[];
      };
      ackTimes.push(performance.now() - t);
      ackPoints = ack.snapshot?.length ?? 0;
      socket.close();
    }
    ackTimes.sort((a, b) => a - b);
    console.log(
      `server: connect + subscribe ack of ${ackPoints} points from Node: ${ackTimes.map((x) => round(x, 0)).join(', ')} ms`,
    );
    console.log(
      `ceiling: idle page ${round(idleFps)} fps, longest task ${round(Math.max(0, ...idleTasks))} ms, ` +
        `${idleTasks.filter((d) => d > 50).length} over 50 ms in ${IDLE_SECONDS} s, heap ${mb(idleHeap)} MB; ` +
        `JSON.parse of ${parse.points} latest points (${round(parse.bytes / 1024 / 1024, 2)} MB): ` +
        `median ${round(parse.medianMs)} ms, max ${round(parse.maxMs)} ms`,
    );

    // The wall.
    const rendererCpuBefore = await rendererCpu();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.addInitScript(PAGE_PROBE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (TRACE)
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    /** The main thread's busy time (s) from the page's start to just after its first values. */
    let firstValuesBusy = 0;
    const loaded = await profiled(cdp, 'load', async () => {
      await page.goto(`${server.baseUrl}/wall?${WALL_QUERY}&key=${viewerKey}`);
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.firstValues, null, {
        timeout: 60_000,
      });
      firstValuesBusy = (await metrics(cdp)).TaskDuration;
      await sleep(SETTLE_MS);
      return page.evaluate(() => (globalThis as unknown as { __wallStats: WallStats }).__wallStats);
    });
    if (TRACE) {
      console.log(
        `trace of the load, main thread by event:\n  ${mainThreadTime(await browser.stopTracing()).join('\n  ')}`,
      );
      const timings = await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).performance
          .getEntriesByType('resource')
          .map(
            (e) =>
              `${Math.round(e.startTime)}→${Math.round(e.responseEnd)} ms ${e.name.replace(/^https?:\/\/[^/]+/, '')}`,
          ),
      );
      console.log(`requests:\n  ${timings.slice(0, 20).join('\n  ')}`);
    }
    const marks = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).performance
        .getEntriesByType('mark')
        .concat((globalThis as unknown as PageGlobals).performance.getEntriesByType('measure'))
        .map((e) => `${e.name} at ${Math.round(e.startTime)} ms${e.duration ? ` (${Math.round(e.duration)} ms)` : ''}`),
    );
    /** The one-off opening of the audio output (beep.ts measures it), told apart from the page's work. */
    const audio = await page.evaluate(() => {
      const m = (globalThis as unknown as PageGlobals).performance
        .getEntriesByType('measure')
        .find((e) => e.name === 'wall:audio-opened');
      return m ? { start: m.startTime, duration: m.duration } : null;
    });
    const rendererCpuAtLoad = await rendererCpu();
    console.log(`page timeline: ${marks.join(', ')}`);
    const visible = await page.$$eval('[data-series]', (els) => els.map((e) => e.getAttribute('data-series')!));
    const visibleIndicators = [...new Set(visible.map((s) => s.split('|')[0]))];
    const visibleSeries = [...series.keys()].filter((id) => visibleIndicators.includes(id.split('|')[0]));
    const others = [...series.keys()].filter((id) => !visibleSeries.includes(id));
    console.log(
      `wall: first values at ${loaded.firstValuesMs} ms, ${loaded.pointsReceived} points, ` +
        `${visible.length} tiles on the page (${visibleSeries.length} of their series with the districts updated every second)`,
    );

    const loadEndT = await page.evaluate(() => performance.now());
    const heapLoaded = await heapAfterGc(cdp);
    // The live load, first for a warm-up (the code paths of live updates compiled, sparklines filled a
    // little), then the measured window from a collected heap: "flat" is about the window.
    loadStop = startLoad(server, visibleSeries, others, series);
    await sleep(WARMUP_SECONDS * 1000);
    const heapStart = await heapAfterGc(cdp);
    const m0 = await metrics(cdp);
    const t0 = await page.evaluate(() => performance.now());
    const p0 = await probe(page);
    const s0 = await page.evaluate(() => (globalThis as unknown as { __wallStats: WallStats }).__wallStats);
    const cpu0 = server.cpu();
    const heapTrend: number[] = [];
    if (TRACE)
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const live = await profiled(cdp, 'live', async () => {
      // The heap's trend through the window, without forcing a collection (a forced one is a long task).
      for (let left = SECONDS * 1000; left > 0; left -= 10_000) {
        await sleep(Math.min(10_000, left));
        heapTrend.push(mb(((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize));
      }
      return {
        probe: await probe(page),
        t: await page.evaluate(() => performance.now()),
        stats: await page.evaluate(() => (globalThis as unknown as { __wallStats: WallStats }).__wallStats),
        m: await metrics(cdp),
      };
    });
    if (TRACE)
      console.log(
        `trace of the live window, main thread by event:\n  ${mainThreadTime(await browser.stopTracing()).join('\n  ')}`,
      );
    const rendererCpuLive = (await rendererCpu()) - rendererCpuAtLoad;
    const sentStats = await loadStop.stop();
    loadStop = null;
    const serverCpuPct = ((server.cpu() - cpu0) / SECONDS) * 100;
    const heapEnd = await heapAfterGc(cdp);
    const loadEnd = load();
    const windowS = (live.t - t0) / 1000;
    const fps = (live.probe.frames - p0.frames) / windowS;
    // The page's life without the warm-up (and the collections forced around it): load, then the window.
    const measured = live.probe.longtasks.filter((t) => t.start < loadEndT || t.start >= t0);
    const allTasks = measured.map((t) => t.duration);
    const isAudio = (t: { start: number; duration: number }) =>
      !!audio && t.start <= audio.start && t.start + t.duration >= audio.start;
    const pageTasks = measured.filter((t) => !isAudio(t)).map((t) => t.duration);
    const loadTasks = tasksIn(live.probe, 0, loadEndT);
    const liveTasks = tasksIn(live.probe, t0);
    const busy = (name: string) => round(((live.m[name] - m0[name]) / windowS) * 100);
    const result = {
      seconds: SECONDS,
      warmup_seconds: WARMUP_SECONDS,
      extra_rate_pts_s: RATE,
      longest_task_ms: round(Math.max(0, ...allTasks)),
      tasks_over_50ms: allTasks.filter((d) => d > 50).length,
      audio_open_ms: audio ? round(audio.duration) : null,
      longest_task_ms_without_audio: round(Math.max(0, ...pageTasks)),
      tasks_over_50ms_without_audio: pageTasks.filter((d) => d > 50).length,
      load_longest_task_ms: round(Math.max(0, ...loadTasks)),
      load_tasks_over_50ms: loadTasks.filter((d) => d > 50).length,
      live_longest_task_ms: round(Math.max(0, ...liveTasks)),
      live_tasks_over_50ms: liveTasks.filter((d) => d > 50).length,
      fps: round(fps),
      first_values_ms: loaded.firstValuesMs,
      first_values_busy_ms: Math.round(firstValuesBusy * 1000),
      heap_loaded_mb: mb(heapLoaded),
      heap_start_mb: mb(heapStart),
      heap_end_mb: mb(heapEnd),
      heap_growth_pct: round(((heapEnd - heapStart) / heapStart) * 100),
      heap_every_10s_mb: heapTrend,
      snapshot_points: loaded.pointsReceived - loaded.livePoints,
      live_points: live.stats.livePoints - s0.livePoints,
      live_points_per_s: round((live.stats.livePoints - s0.livePoints) / windowS),
      renders_per_s: round((live.stats.frames - s0.frames) / windowS),
      snapshots: live.stats.snapshots,
      main_thread_busy_pct: busy('TaskDuration'),
      renderer_cpu_pct: round((rendererCpuLive / windowS) * 100),
      load_renderer_cpu_ms: Math.round((rendererCpuAtLoad - rendererCpuBefore) * 1000),
      script_pct: busy('ScriptDuration'),
      layout_style_pct: round(
        ((live.m.LayoutDuration + live.m.RecalcStyleDuration - m0.LayoutDuration - m0.RecalcStyleDuration) / windowS) *
          100,
      ),
      extra_points_sent: sentStats.sent,
      extra_ticks_late: sentStats.late,
      extra_requests_failed: sentStats.failed,
      server_cpu_pct: round(serverCpuPct),
      page_errors: errors.length,
      ceiling_idle_fps: round(idleFps),
      ceiling_idle_longest_task_ms: round(Math.max(0, ...idleTasks)),
      ceiling_idle_tasks_over_50ms: idleTasks.filter((d) => d > 50).length,
      ceiling_idle_heap_mb: mb(idleHeap),
      ceiling_parse_ms: round(parse.medianMs),
      server_snapshot_ack_ms: round(ackTimes[1], 0),
      browser_snapshot_ack_ms: round(browserAck.ackMs, 0),
      ceiling_parse_points: parse.points,
      ceiling_parse_mb: round(parse.bytes / 1024 / 1024, 2),
      load_avg: { start: loadStart, end: loadEnd },
    };
    const tick = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `live ${round(windowS)} s: ${result.live_points_per_s} points/s reached the page, ${result.renders_per_s} renders/s, ` +
        `${result.fps} fps (idle page ${result.ceiling_idle_fps}), main thread busy ${result.main_thread_busy_pct} % ` +
        `(script ${result.script_pct} %, layout and style ${result.layout_style_pct} %), renderer CPU ${result.renderer_cpu_pct} % of a core, server CPU ${result.server_cpu_pct} %`,
    );
    console.log(
      `long tasks: longest ${result.longest_task_ms} ms (load ${result.load_longest_task_ms}, live ${result.live_longest_task_ms}; ` +
        `idle page ${result.ceiling_idle_longest_task_ms}), over 50 ms: ${result.tasks_over_50ms} ` +
        `(load ${result.load_tasks_over_50ms}, live ${result.live_tasks_over_50ms}; idle page ${result.ceiling_idle_tasks_over_50ms} in ${IDLE_SECONDS} s); ` +
        `without the audio output's opening (${result.audio_open_ms ?? '-'} ms): longest ${result.longest_task_ms_without_audio} ms, ` +
        `${result.tasks_over_50ms_without_audio} over 50 ms`,
    );
    console.log(
      `load: long tasks (start: duration ms) ${
        live.probe.longtasks
          .filter((t) => t.start < loadEndT && t.duration > 50)
          .map((t) => `${round(t.start, 0)}: ${round(t.duration, 0)}`)
          .join(', ') || 'none'
      }; main thread busy ${result.first_values_busy_ms} ms of the ${result.first_values_ms} ms to first values; ` +
        `renderer CPU ${result.load_renderer_cpu_ms} ms from navigation to the end of the settling time`,
    );
    console.log(
      `heap after loading ${result.heap_loaded_mb} MB; after ${WARMUP_SECONDS} s of live updates ${result.heap_start_mb} → ${result.heap_end_mb} MB (${result.heap_growth_pct} %; every 10 s, uncollected: ${heapTrend.join(', ')}); first values ${result.first_values_ms} ms ` +
        `(the bare JSON.parse of the ${parse.points} points: ${result.ceiling_parse_ms} ms); load average ${loadStart} → ${loadEnd}`,
    );
    console.log(
      `targets: no task over 50 ms ${tick(result.tasks_over_50ms === 0)}; heap ≤ +10 % ${tick(result.heap_growth_pct <= 10)}; ` +
        `first values ≤ 1 s ${tick((result.first_values_ms ?? Infinity) <= 1000)}`,
    );
    if (errors.length) console.log(`page errors: ${errors.slice(0, 3).join(' | ')}`);
    console.log(JSON.stringify(result));
  } finally {
    await loadStop?.stop().catch(() => undefined);
    await browser.close();
    await server.stop();
    await redis.stop();
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
