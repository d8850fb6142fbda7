import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SubscribeAck, ValuesEvent } from '@app/contracts';
import { api, createKey } from '../support/api';
import { connected, connectLive } from '../support/live';
import { ROOT, type RunningService, startService } from '../support/service';
import type { AbuserConfig } from './abuser.process';
import {
  emptyResult,
  log,
  onCleanup,
  quantile,
  round,
  type ScenarioResult,
  sleep,
  trackChild,
  withTimeout,
} from './chaos-harness';
import { AcceptedLedger, runIngestClient, type SeriesRef } from './ingest-load';
import { cpuSeconds, rssMiB } from './process-stats';

const NAME = 'abusive-clients';

export interface AbusiveOptions {
  indicators: number;
  scopes: number;
  warmupMs: number;
  /** Length of the baseline and of the abuse phase. */
  phaseMs: number;
  /** One point per series every this many ms. */
  batchIntervalMs: number;
  /**
   * Ingest clients, each owning a share of the series and starting its batches batchIntervalMs /
   * ingestClients after the previous one: the same points per second, in more and smaller batches, so
   * the wall's p99 rests on more events (with 200 events a phase it was the second-slowest one).
   */
  ingestClients: number;
  sockets: number;
  replaySockets: number;
  floodWindow: number;
  depth: number;
  /** The invariant: wall p99 and server RSS under abuse within this share of the baseline. */
  tolerance: number;
}

export const ABUSIVE_DEFAULTS: AbusiveOptions = {
  indicators: 50,
  scopes: 10,
  warmupMs: 4000,
  phaseMs: 20_000,
  batchIntervalMs: 100,
  ingestClients: 4,
  sockets: 3000,
  replaySockets: 10,
  floodWindow: 20,
  depth: 10_000,
  tolerance: 0.2,
};

type Phase = 'warmup' | 'baseline' | 'abuse' | 'after';

interface PhaseFigures {
  latencies: number[];
  rss: number[];
  cpu0: number | null;
  cpu1: number | null;
  started: number;
  ended: number;
  wallEvents: number;
}

/** 50 indicators × 10 scopes through the API (a handful of requests at a time). */
async function seedWideCatalogue(svc: RunningService, o: AbusiveOptions): Promise<SeriesRef[]> {
  const admin = api(svc, svc.adminKey);
  const must = async (path: string, body: unknown) => {
    const r = await admin.post(path, body);
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await must('/api/v1/domains', { code: 'chaos', name: 'Chaos' });
  const scopes = Array.from({ length: o.scopes }, (_, i) => `c${i}`);
  const indicators = Array.from({ length: o.indicators }, (_, i) => `chaos.i${String(i).padStart(2, '0')}`);
  const jobs = [
    ...scopes.map((code) => () => must('/api/v1/scopes', { code, name: code })),
    ...indicators.map((code) => () => must('/api/v1/indicators', { code, domain: 'chaos', name: code, unit: 'u' })),
  ];
  for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map((j) => j()));
  return indicators.flatMap((indicator) => scopes.map((scope) => ({ indicator, scope })));
}

/**
 * Scenario 3: a server with a wide catalogue and steady ingest; a "normal wall" socket subscribed
 * to everything measures ingest-to-`values` latency while the server's RSS is sampled. A baseline
 * phase, then the same with abusers (replay storms, an event flood, thousands of sockets from one
 * key, deeply nested payloads) in a process of their own. No client may hurt the others: wall p99
 * and RSS within 20 % of the baseline, the server alive and the wall still served.
 */
export async function abusiveClients(opts: AbusiveOptions, signal: AbortSignal): Promise<ScenarioResult> {
  const result = emptyResult(NAME);
  const say = (m: string) => log(NAME, m);
  let svc: RunningService | undefined;
  const unregister = onCleanup(async () => svc?.cleanup());
  const ingestStop = new AbortController();
  let rssTimer: NodeJS.Timeout | undefined;
  let wall: ReturnType<typeof connectLive> | undefined;
  try {
    svc = await startService({ app: 'server' });
    const server = svc;
    const series = await seedWideCatalogue(server, opts);
    const [wallKey, ingestKey, abuserKey, abuserIngestKey] = await Promise.all([
      createKey(server, 'viewer'),
      createKey(server, 'ingest'),
      createKey(server, 'viewer'),
      createKey(server, 'ingest'),
    ]);
    say(`server :${server.port}, ${series.length} series (${opts.indicators} indicators × ${opts.scopes} scopes)`);

    let phase: Phase = 'warmup';
    const figures: Record<Phase, PhaseFigures> = {} as Record<Phase, PhaseFigures>;
    const begin = (p: Phase) => {
      if (figures[phase]) {
        figures[phase].ended = Date.now();
        figures[phase].cpu1 = cpuSeconds(server.pid());
      }
      phase = p;
      figures[p] = {
        latencies: [],
        rss: [],
        cpu0: cpuSeconds(server.pid()),
        cpu1: null,
        started: Date.now(),
        ended: 0,
        wallEvents: 0,
      };
    };
    begin('warmup');

    const wallDisconnects: string[] = [];
    wall = connectLive(server, wallKey);
    await withTimeout(connected(wall), 5000, 'wall connect');
    wall.on('values', (ev: ValuesEvent) => {
      const now = Date.now();
      const f = figures[phase];
      f.wallEvents++;
      for (const p of ev.points) f.latencies.push(now - p.ts);
    });
    wall.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') wallDisconnects.push(`${phase}: ${reason}`);
    });
    const ack = (await withTimeout(wall.emitWithAck('subscribe', {}), 10_000, 'wall subscribe')) as SubscribeAck;
    if (!ack.ok) throw new Error(`the wall could not subscribe: ${JSON.stringify(ack)}`);

    rssTimer = setInterval(() => {
      const mib = rssMiB(server.pid());
      if (mib !== null) figures[phase].rss.push(mib);
    }, 500);
    const ledger = new AcceptedLedger(series, Date.now());
    const ingest = Promise.all(
      Array.from({ length: opts.ingestClients }, async (_, c) => {
        await sleep((c * opts.batchIntervalMs) / opts.ingestClients, signal);
        const owned = series.map((_s, i) => i).filter((i) => i % opts.ingestClients === c);
        return runIngestClient(
          ledger,
          {
            key: ingestKey,
            targets: () => [server.baseUrl],
            owned,
            timestamps: 'clock',
            pointsPerBatch: owned.length,
            intervalMs: opts.batchIntervalMs,
          },
          ingestStop.signal,
        );
      }),
    );
    say(
      `wall subscribed to everything; ingest: ${series.length} points every ${opts.batchIntervalMs} ms ` +
        `from ${opts.ingestClients} clients in turn`,
    );

    await sleep(opts.warmupMs, signal);
    begin('baseline');
    await sleep(opts.phaseMs, signal);
    begin('abuse');
    const abuserConfig: AbuserConfig = {
      baseUrl: server.baseUrl,
      socketKey: abuserKey,
      ingestKey: abuserIngestKey,
      durationMs: opts.phaseMs,
      sockets: opts.sockets,
      replaySockets: opts.replaySockets,
      floodWindow: opts.floodWindow,
      depth: opts.depth,
      indicator: series[0].indicator,
      scope: series[0].scope,
    };
    say(
      `abusers: ${opts.replaySockets} sockets replaying from cursor "0-0", one socket flooding subscribe ` +
        `(${opts.floodWindow} in flight), ${opts.sockets} sockets from one key, payloads nested ${opts.depth} deep`,
    );
    // At the lowest CPU priority: on a real deployment abusers run on machines of their own, not on the
    // service's cores; here they share the machine's 2 cores with the service, Redis and the wall.
    const abuser = spawn(
      'nice',
      [
        '-n',
        '19',
        process.execPath,
        ...process.execArgv,
        join(ROOT, 'test/chaos/abuser.process.ts'),
        JSON.stringify(abuserConfig),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    trackChild(abuser);
    let abuserOut = '';
    abuser.stdout!.on('data', (d: Buffer) => (abuserOut += d.toString()));
    abuser.stderr!.on('data', (d: Buffer) => (abuserOut += d.toString()));
    const abuserDone = new Promise<void>((done) => abuser.once('exit', () => done()));
    await sleep(opts.phaseMs, signal);
    begin('after');
    await withTimeout(abuserDone, 15_000, 'abuser process').catch(() => {
      say('the abuser process did not end by itself: killing it');
      abuser.kill('SIGKILL');
    });
    ingestStop.abort();
    await ingest;

    const health = await withTimeout(api(server).get('/health'), 5000, 'health').catch((e: Error) => ({
      status: e.message,
      body: undefined,
    }));
    const serverAlive = server.isUp();
    const line = abuserOut.split('\n').find((l) => l.startsWith('ABUSE '));
    const abuse = line ? (JSON.parse(line.slice('ABUSE '.length)) as Record<string, Record<string, number>>) : null;
    if (!abuse) say(`the abuser process gave no report:\n${abuserOut.slice(-2000)}`);

    const describe = (f: PhaseFigures) => ({
      wall_points: f.latencies.length,
      wall_events: f.wallEvents,
      p50_ms: quantile(f.latencies, 0.5),
      p99_ms: quantile(f.latencies, 0.99),
      max_ms: f.latencies.length ? Math.max(...f.latencies) : null,
      rss_max_mib: f.rss.length ? round(Math.max(...f.rss)) : null,
      server_cpu_pct:
        f.cpu0 !== null && f.cpu1 !== null
          ? Math.round(((f.cpu1 - f.cpu0) / ((f.ended - f.started) / 1000)) * 100)
          : null,
    });
    const base = describe(figures.baseline);
    const abused = describe(figures.abuse);
    const refusedKeys = /rate limited|connect_error|disconnect|ack error|: 400|: 413|: 429/;
    let refused = 0;
    for (const counts of Object.values(abuse ?? {}))
      for (const [k, n] of Object.entries(counts)) if (refusedKeys.test(k)) refused += n;

    const notRefused = Object.entries({ ...abuse?.deepSocket, ...abuse?.deepHttp })
      .filter(([k]) => /^ack ok|: 2\d\d$/.test(k))
      .reduce((n, [, v]) => n + v, 0);

    result.sent = ledger.sent;
    result.accepted = ledger.accepted;
    result.figures = {
      baseline: base,
      abuse: abused,
      p99_ratio: base.p99_ms && abused.p99_ms !== null ? round(abused.p99_ms / base.p99_ms, 2) : null,
      rss_ratio:
        base.rss_max_mib && abused.rss_max_mib !== null ? round(abused.rss_max_mib / base.rss_max_mib, 2) : null,
      abusive_refused: refused,
      abusive_sockets_connected: abuse?.sockets?.connected ?? 0,
      deep_payloads_not_refused: notRefused,
      abusers: abuse,
      wall_disconnects: wallDisconnects,
      server_alive_after: serverAlive,
      health_after: health.status,
      answers: ledger.statuses,
    };
    say(
      `ingest: sent ${ledger.sent}, accepted ${ledger.accepted} (not read back: this scenario measures the wall); ` +
        `answers ${JSON.stringify(ledger.statuses)}`,
    );
    say(`baseline: ${JSON.stringify(base)}`);
    say(`abuse:    ${JSON.stringify(abused)}`);
    for (const [kind, counts] of Object.entries(abuse ?? {})) say(`abuser ${kind}: ${JSON.stringify(counts)}`);
    say(`abusive events refused (rate limited, connect_error, disconnects, error acks, 4xx): ${refused}`);
    say(`payloads nested ${opts.depth} deep answered as if fine (ok:true acks, 2xx): ${notRefused}`);

    const limit = 1 + opts.tolerance;
    if (!serverAlive) result.failures.push('the server died under abuse');
    if (health.status !== 200) result.failures.push(`GET /health after the abuse answered ${health.status}`);
    if (wallDisconnects.length) result.failures.push(`the wall was disconnected: ${wallDisconnects.join(', ')}`);
    if (base.p99_ms !== null && (abused.p99_ms === null || abused.p99_ms > base.p99_ms * limit))
      result.failures.push(`wall p99 ${abused.p99_ms} ms under abuse vs ${base.p99_ms} ms baseline (limit ×${limit})`);
    if (base.rss_max_mib !== null && (abused.rss_max_mib === null || abused.rss_max_mib > base.rss_max_mib * limit))
      result.failures.push(
        `server RSS ${abused.rss_max_mib} MiB under abuse vs ${base.rss_max_mib} MiB baseline (limit ×${limit})`,
      );
    if (abused.wall_points === 0) result.failures.push('the wall received nothing under abuse');
    return result;
  } finally {
    ingestStop.abort();
    if (rssTimer) clearInterval(rssTimer);
    wall?.close();
    await svc?.cleanup().catch(() => undefined);
    unregister();
  }
}
