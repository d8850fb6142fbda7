import { seedCatalogue } from '../support/api';
import { type RunningService, startService } from '../support/service';
import { emptyResult, log, onCleanup, quantile, round, type ScenarioResult, sleep } from './chaos-harness';
import { AcceptedLedger, type RequestRecord, runIngestClient, type SeriesRef, seriesOfId } from './ingest-load';
import { lateness, type Outage } from './lateness';
import { readLiveStream } from './live-stream-oracle';
import { OwnRedisServer } from './own-redis-server';
import { queuedPoints } from './ingest-queue-oracle';
import { readBackRaw, waitForSettle } from './read-back';

const NAME = 'redis-restart';
const LATE_LIMIT_S = 15;

export interface RedisRestartOptions {
  /** Ingest before the pause (ms). */
  leadMs: number;
  pauseMs: number;
  /** After the pause ends, before the crash (ms). */
  beforeKillMs: number;
  /** How long redis-server stays dead before it is restarted (a supervisor's delay). */
  downMs: number;
  /** Ingest after Redis is back (ms). */
  afterMs: number;
  ingestClients: number;
  pointsPerBatch: number;
  batchIntervalMs: number;
  /** Losing what was accepted this long before the crash is what `appendfsync everysec` allows. */
  everysecToleranceMs: number;
  settleTimeoutMs: number;
}

export const REDIS_RESTART_DEFAULTS: RedisRestartOptions = {
  leadMs: 4000,
  pauseMs: 5000,
  beforeKillMs: 3000,
  downMs: 2000,
  afterMs: 8000,
  ingestClients: 2,
  pointsPerBatch: 100,
  batchIntervalMs: 50,
  everysecToleranceMs: 2000,
  settleTimeoutMs: 35_000,
};

const SERIES: SeriesRef[] = ['finance.revenue', 'finance.spend', 'env.aqi'].flatMap((indicator) =>
  ['P', 'D1', 'D2', 'C1'].map((scope) => ({ indicator, scope })),
);

/**
 * Scenario 2: the server on a redis-server of the suite's own (append-only, fsync every second).
 * Steady ingest; CLIENT PAUSE for 5 s (requests wait or get 503: recorded), then a SIGKILL of
 * redis-server and a restart on the same port and directory. Accepted points that are gone after
 * the restart are `redis_lost_everysec`: reported, and a failure only when they were accepted
 * longer than ~2 s before the crash.
 */
export async function redisRestart(opts: RedisRestartOptions, signal: AbortSignal): Promise<ScenarioResult> {
  const result = emptyResult(NAME);
  const say = (m: string) => log(NAME, m);
  let redisServer: OwnRedisServer | undefined;
  let svc: RunningService | undefined;
  const stopAll = async () => {
    await svc?.cleanup().catch(() => undefined);
    await redisServer?.stop();
  };
  const unregister = onCleanup(stopAll);
  const probe = { close: () => undefined as void };
  try {
    redisServer = await OwnRedisServer.start();
    svc = await startService({ app: 'server', env: { REDIS_URL: redisServer.url } });
    await seedCatalogue(svc);
    const own = redisServer.connect();
    own.on('error', () => undefined);
    probe.close = () => own.disconnect();
    say(`server :${svc.port} on its own redis-server :${redisServer.port} (appendonly, appendfsync everysec)`);

    const t0 = Date.now() - 3_600_000;
    const ledger = new AcceptedLedger(SERIES, t0);
    const ingestStop = new AbortController();
    const stopIngest = () => ingestStop.abort();
    signal.addEventListener('abort', stopIngest, { once: true });
    const target = svc.baseUrl;
    const clients = Array.from({ length: opts.ingestClients }, (_, c) =>
      runIngestClient(
        ledger,
        {
          key: svc!.adminKey,
          targets: () => [target],
          owned: SERIES.map((_, s) => s).filter((s) => s % opts.ingestClients === c),
          timestamps: 'counter',
          pointsPerBatch: opts.pointsPerBatch,
          intervalMs: opts.batchIntervalMs,
        },
        ingestStop.signal,
      ),
    );
    const start = Date.now();
    await sleep(opts.leadMs, signal);
    const pauseAt = Date.now();
    await own.call('CLIENT', 'PAUSE', String(opts.pauseMs), 'ALL');
    say(
      `CLIENT PAUSE ${opts.pauseMs} ALL at +${round((pauseAt - start) / 1000)} s (accepted so far ${ledger.accepted})`,
    );
    await sleep(opts.pauseMs + opts.beforeKillMs, signal);
    const killedAt = Date.now();
    await redisServer.kill();
    say(`SIGKILL redis-server at +${round((killedAt - start) / 1000)} s (accepted so far ${ledger.accepted})`);
    await sleep(opts.downMs);
    await redisServer.launch();
    const backAt = Date.now();
    say(
      `redis-server restarted after ${opts.downMs / 1000} s, answering ${round((backAt - killedAt) / 1000, 2)} s after the crash`,
    );
    await sleep(opts.afterMs, signal);
    stopIngest();
    signal.removeEventListener('abort', stopIngest);
    await Promise.all(clients);
    const ingestEnd = Date.now();

    const phase = (from: number, to: number) =>
      describeRequests(ledger.requests.filter((r) => r.sentAt >= from && r.sentAt < to));
    const pause = phase(pauseAt, pauseAt + opts.pauseMs);
    const crash = phase(killedAt - 200, backAt + 500);
    say(`requests sent during the pause: ${JSON.stringify(pause)}`);
    say(`requests sent around the crash: ${JSON.stringify(crash)}`);

    const settle = await waitForSettle({
      scenario: NAME,
      base: () => target,
      key: svc.adminKey,
      ledger,
      redis: own,
      prefix: svc.redisPrefix,
      timeoutMs: opts.settleTimeoutMs,
      signal,
    });
    const view = await readLiveStream(own, svc.redisPrefix, SERIES, t0);
    const back = await readBackRaw(target, svc.adminKey, ledger);
    const gaveUpAt = Date.now();
    // Not readable: still in a pending ingest job (late, not lost), or gone (lost with the crash).
    const queue = await queuedPoints(own, svc.redisPrefix, SERIES, t0);
    const stillQueued = new Set(back.lost.filter((id) => queue.pending.has(id)));
    const lostIds = back.lost.filter((id) => !stillQueued.has(id));
    const lost = new Set(lostIds);
    const acceptedAt = ledger.acceptedAt();
    const outages: Outage[] = [{ label: 'redis-server', killedAt, backAt }];
    const late = lateness({
      acceptedAt,
      readableAt: view.firstAt,
      lost,
      stillQueued,
      gaveUpAt,
      outages,
      limitS: LATE_LIMIT_S,
    });

    result.sent = ledger.sent;
    result.accepted = ledger.accepted;
    result.readBack = back.readBack;
    result.lost = lostIds.length;
    result.lateSMax = round(late.maxS, 2);
    const lostAt = lostIds.map((id) => acceptedAt.get(id)! - killedAt).sort((a, b) => a - b);
    // Tolerated: what was accepted within ~1-2 s before the crash (not yet fsynced); nothing else.
    const tooOld = lostAt.filter((ms) => ms < -opts.everysecToleranceMs || ms > backAt - killedAt);
    result.figures = {
      pause_s: opts.pauseMs / 1000,
      requests_during_pause: pause,
      requests_around_crash: crash,
      redis_down_s: round((backAt - killedAt) / 1000, 2),
      answers: ledger.statuses,
      read_back_agg_count: back.countAgg,
      stored_unacked: back.storedUnacked,
      settle,
      settle_s: round((Date.now() - ingestEnd) / 1000, 1),
      lost_accepted_window_s:
        lostAt.length > 0 ? [round(lostAt[0] / 1000, 2), round(lostAt[lostAt.length - 1] / 1000, 2)] : null,
      lost_older_than_tolerance: tooOld.length,
      late_s_is_lower_bound: late.lowerBound,
      late_points_over_15s: late.over,
      still_queued_at_the_end: { points: stillQueued.size, jobs: queue.jobs },
      failed_job_reasons: queue.failedReasons,
      readable_not_in_stream: late.unknown,
    };
    say(
      `sent ${ledger.sent}, accepted ${ledger.accepted}, read back ${back.readBack} (agg=count ${back.countAgg}), ` +
        `lost ${lostIds.length}, still queued ${stillQueued.size}; ${back.storedUnacked} stored without a 202`,
    );
    if (lostAt.length > 0) {
      const bySeries = new Map<string, number>();
      for (const id of lostIds) {
        const s = SERIES[seriesOfId(id)];
        bySeries.set(`${s.indicator}/${s.scope}`, (bySeries.get(`${s.indicator}/${s.scope}`) ?? 0) + 1);
      }
      say(
        `redis_lost_everysec: ${lostAt.length} accepted points gone, their 202s came ` +
          `${round(lostAt[0] / 1000, 2)} s to ${round(lostAt[lostAt.length - 1] / 1000, 2)} s from the crash ` +
          `(${[...bySeries].map(([k, n]) => `${k} ${n}`).join(', ')})`,
      );
    } else say('redis_lost_everysec: 0 (every accepted point survived the crash)');
    if (tooOld.length > 0)
      result.failures.push(
        `${tooOld.length} lost points were accepted more than ${opts.everysecToleranceMs / 1000} s before the crash or after the restart`,
      );
    const bound = late.lowerBound ? 'at least ' : '';
    say(
      `late: worst ${bound}${round(late.maxS, 2)} s after Redis was back (${late.over} points over ${LATE_LIMIT_S} s)`,
    );
    if (late.maxS > LATE_LIMIT_S) {
      const queued = stillQueued.size ? `; ${stillQueued.size} still queued when the suite gave up` : '';
      result.failures.push(
        `${late.over} accepted points not readable within ${LATE_LIMIT_S} s of Redis being back ` +
          `(worst ${bound}${round(late.maxS, 1)} s${queued})`,
      );
    }
    if (ledger.accepted === 0) result.failures.push('nothing was accepted');
    return result;
  } finally {
    probe.close();
    await stopAll();
    unregister();
  }
}

/** Requests of a phase: how many, their answers, and how long the answers took. */
function describeRequests(requests: RequestRecord[]): Record<string, unknown> {
  const answers: Record<string, number> = {};
  for (const r of requests) answers[r.status] = (answers[r.status] ?? 0) + 1;
  const ms = requests.map((r) => r.answeredAt - r.sentAt);
  return {
    requests: requests.length,
    answers,
    accepted_points: requests.reduce((n, r) => n + r.accepted, 0),
    answer_ms_p50: quantile(ms, 0.5),
    answer_ms_max: ms.length ? Math.max(...ms) : null,
  };
}
