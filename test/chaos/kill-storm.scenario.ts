import { Redis } from 'ioredis';
import pg from 'pg';
import { createKey, seedCatalogue } from '../support/api';
import { REDIS_URL, type RunningService, startService } from '../support/service';
import { emptyResult, log, onCleanup, round, type ScenarioResult, sleep } from './chaos-harness';
import { AcceptedLedger, runIngestClient, type SeriesRef, seriesOfId } from './ingest-load';
import { lateness, type Outage } from './lateness';
import { type FollowerVerdict, LiveFollower } from './live-follower';
import { readLiveStream, seriesIndex } from './live-stream-oracle';
import { queuedPoints } from './ingest-queue-oracle';
import { readBackRaw, waitForSettle } from './read-back';

const NAME = 'kill-storm';
/** The contract: accepted points readable within 15 s of the service being up again. */
const LATE_LIMIT_S = 15;

export interface KillStormOptions {
  stormMs: number;
  /** Gap between kills, drawn uniformly from this range (ms). */
  killEveryMs: [number, number];
  ingestClients: number;
  pointsPerBatch: number;
  batchIntervalMs: number;
  /** How long to wait for the accepted points after the storm. */
  settleTimeoutMs: number;
}

export const KILL_STORM_DEFAULTS: KillStormOptions = {
  stormMs: 60_000,
  killEveryMs: [3000, 6000],
  ingestClients: 2,
  pointsPerBatch: 200,
  batchIntervalMs: 50,
  settleTimeoutMs: 45_000,
};

/** The seeded catalogue's series (test/support/api.ts seedCatalogue) and its scope tree. */
const INDICATORS = [
  { code: 'finance.revenue', domain: 'finance' },
  { code: 'finance.spend', domain: 'finance' },
  { code: 'env.aqi', domain: 'env' },
];
const SCOPES: Record<string, string[]> = { P: ['P', 'D1', 'D2', 'C1'], D1: ['D1', 'C1'], D2: ['D2'], C1: ['C1'] };
const SERIES: SeriesRef[] = INDICATORS.flatMap((i) =>
  Object.keys(SCOPES).map((scope) => ({ indicator: i.code, scope })),
);

/** The live clients' subscriptions, and which series each one matches. */
const SUBSCRIPTIONS: { name: string; filter: { indicators?: string[]; domains?: string[]; scopes?: string[] } }[] = [
  { name: 'everything', filter: {} },
  { name: 'scope D1 (and C1)', filter: { scopes: ['D1'] } },
  { name: 'indicator env.aqi', filter: { indicators: ['env.aqi'] } },
  { name: 'finance in D2', filter: { domains: ['finance'], scopes: ['D2'] } },
];

function matches(filter: (typeof SUBSCRIPTIONS)[number]['filter'], s: SeriesRef): boolean {
  const ind = INDICATORS.find((i) => i.code === s.indicator)!;
  if (filter.indicators && !filter.indicators.includes(s.indicator)) return false;
  if (filter.domains && !filter.domains.includes(ind.domain)) return false;
  if (filter.scopes && !filter.scopes.some((sc) => SCOPES[sc].includes(s.scope))) return false;
  return true;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Scenario 1: two gateways and two workers over one Redis prefix and one database; steady ingest
 * and live clients that follow their cursor; a random process SIGKILLed (and restarted at once)
 * every few seconds. No accepted point may be lost, each must be readable within 15 s of its
 * process being back, and every live client must see each of its points once, in order.
 */
export async function killStorm(opts: KillStormOptions, signal: AbortSignal): Promise<ScenarioResult> {
  const result = emptyResult(NAME);
  const say = (m: string) => log(NAME, m);
  const services: RunningService[] = [];
  const followers: LiveFollower[] = [];
  const redis = new Redis(REDIS_URL);
  const stopAll = async () => {
    followers.forEach((f) => f.stop());
    // The first service owns the prefix and the database: it is cleaned up last.
    for (const svc of [...services].reverse()) await svc.cleanup().catch(() => undefined);
  };
  const unregister = onCleanup(stopAll);
  try {
    const database = (await postgresAnswers()) ? 'postgres' : 'sqlite';
    const gw0 = await startService({ app: 'gateway', database });
    services.push(gw0);
    await seedCatalogue(gw0);
    for (const app of ['gateway', 'worker', 'worker'] as const) services.push(await startService({ app, share: gw0 }));
    const [, gw1, wk0, wk1] = services;
    const labels = new Map<RunningService, string>([
      [gw0, 'gateway#0'],
      [gw1, 'gateway#1'],
      [wk0, 'worker#0'],
      [wk1, 'worker#1'],
    ]);
    const gateways = () => [gw0, gw1].filter((g) => g.isUp());
    say(
      `2 gateways (:${gw0.port}, :${gw1.port}) and 2 workers on Redis prefix ${gw0.redisPrefix}, ${database} database`,
    );

    const t0 = Date.now() - 3_600_000;
    const ledger = new AcceptedLedger(SERIES, t0);
    const index = seriesIndex(SERIES);
    const ingestKeys = await Promise.all(Array.from({ length: opts.ingestClients }, () => createKey(gw0, 'ingest')));
    for (const [i, sub] of SUBSCRIPTIONS.entries()) {
      const key = await createKey(gw0, 'viewer');
      const { filter, name } = sub;
      followers.push(new LiveFollower({ name, key, filter, gateways, index, t0, log: say, firstGateway: i }));
    }
    await Promise.all(followers.map((f) => f.start()));
    say(`${followers.length} live clients subscribed: ${SUBSCRIPTIONS.map((s) => s.name).join('; ')}`);

    const ingestStop = new AbortController();
    const stopIngest = () => ingestStop.abort();
    signal.addEventListener('abort', stopIngest, { once: true });
    const clients = ingestKeys.map((key, c) =>
      runIngestClient(
        ledger,
        {
          key,
          targets: () => gateways().map((g) => g.baseUrl),
          owned: SERIES.map((_, s) => s).filter((s) => s % ingestKeys.length === c),
          timestamps: 'counter',
          pointsPerBatch: opts.pointsPerBatch,
          intervalMs: opts.batchIntervalMs,
        },
        ingestStop.signal,
      ),
    );
    say(
      `ingest: ${opts.ingestClients} clients, ${opts.pointsPerBatch}-point batches every ${opts.batchIntervalMs} ms, ` +
        `round robin over the gateways that are up; kills every ${opts.killEveryMs.join('-')} ms for ${opts.stormMs / 1000} s`,
    );

    const stormStart = Date.now();
    const outages: Outage[] = [];
    // Random order, but every process is killed once before any is killed again.
    let bag: RunningService[] = [];
    while (Date.now() - stormStart < opts.stormMs && !signal.aborted) {
      const [lo, hi] = opts.killEveryMs;
      await sleep(lo + Math.random() * (hi - lo), signal);
      if (Date.now() - stormStart >= opts.stormMs || signal.aborted) break;
      if (bag.length === 0) bag = [...labels.keys()].sort(() => Math.random() - 0.5);
      const victim = bag.pop()!;
      const killedAt = Date.now();
      await victim.kill();
      for (let attempt = 1; ; attempt++) {
        try {
          await victim.restart();
          break;
        } catch (err) {
          if (attempt === 3) throw err;
          say(`restart of ${labels.get(victim)} failed (${(err as Error).message.split('\n')[0]}); trying again`);
        }
      }
      const outage = { label: labels.get(victim)!, killedAt, backAt: Date.now() };
      outages.push(outage);
      say(
        `SIGKILL ${outage.label} at +${round((killedAt - stormStart) / 1000)} s, ` +
          `back in ${round((outage.backAt - killedAt) / 1000, 2)} s (accepted so far: ${ledger.accepted})`,
      );
    }
    stopIngest();
    signal.removeEventListener('abort', stopIngest);
    await Promise.all(clients);
    const ingestEnd = Date.now();
    const lastBackAt = outages.at(-1)?.backAt ?? stormStart;
    say(
      `storm over: ${outages.length} kills; sent ${ledger.sent} points in ${ledger.requests.length} requests, ` +
        `accepted ${ledger.accepted}; answers ${JSON.stringify(ledger.statuses)}`,
    );

    const base = () => gateways()[0]?.baseUrl;
    const settle = await waitForSettle({
      scenario: NAME,
      base,
      key: gw0.adminKey,
      ledger,
      redis,
      prefix: gw0.redisPrefix,
      timeoutMs: opts.settleTimeoutMs,
      signal,
    });
    say(`read-back: ${settle} after ${round((Date.now() - ingestEnd) / 1000)} s`);
    const view = await readLiveStream(redis, gw0.redisPrefix, SERIES, t0);
    const back = await readBackRaw(base() ?? gw0.baseUrl, gw0.adminKey, ledger);
    const gaveUpAt = Date.now();
    // Not readable: still in a pending ingest job (late, not lost), in a failed job, or nowhere (lost).
    const queue = await queuedPoints(redis, gw0.redisPrefix, SERIES, t0);
    const unreadable = new Set(back.lost);
    const stillQueued = new Set(back.lost.filter((id) => queue.pending.has(id)));
    const lost = new Set(back.lost.filter((id) => !stillQueued.has(id)));
    const inFailedJobs = back.lost.filter((id) => queue.failed.has(id)).length;
    const acceptedAt = ledger.acceptedAt();
    const late = lateness({
      acceptedAt,
      readableAt: view.firstAt,
      lost,
      stillQueued,
      gaveUpAt,
      outages,
      limitS: LATE_LIMIT_S,
    });
    let lastReadable = stillQueued.size > 0 ? gaveUpAt : 0;
    for (const id of acceptedAt.keys()) {
      if (!unreadable.has(id)) lastReadable = Math.max(lastReadable, view.firstAt.get(id) ?? 0);
    }
    const afterLastRestartS = Math.max(0, (lastReadable - lastBackAt) / 1000);

    // The live clients: every accepted point of their subscription, once, in order per series.
    const expected = followers.map((_, i) =>
      ledger.acceptedIds((s) => matches(SUBSCRIPTIONS[i].filter, SERIES[s])).filter((id) => !unreadable.has(id)),
    );
    const caughtUp = () => followers.every((f, i) => f.missing(expected[i], view.late).gaps.length === 0);
    const liveDeadline = Date.now() + 10_000;
    while (!caughtUp() && Date.now() < liveDeadline && !signal.aborted) await sleep(500, signal);
    const verdicts: FollowerVerdict[] = followers.map((f, i) => f.verdict(expected[i], view.late));
    followers.forEach((f) => f.stop());

    result.sent = ledger.sent;
    result.accepted = ledger.accepted;
    result.readBack = back.readBack;
    result.lost = lost.size;
    result.lateSMax = round(late.maxS, 2);
    result.figures = {
      database,
      kills: outages.map((o) => ({
        process: o.label,
        at_s: round((o.killedAt - stormStart) / 1000),
        down_s: round((o.backAt - o.killedAt) / 1000, 2),
      })),
      requests: ledger.requests.length,
      answers: ledger.statuses,
      rejected: ledger.rejected,
      read_back_agg_count: back.countAgg,
      stored_unacked: back.storedUnacked,
      settle,
      late_s_is_lower_bound: late.lowerBound,
      late_s_after_last_restart: round(afterLastRestartS, 2),
      late_points_over_15s: late.over,
      still_queued_at_the_end: { points: stillQueued.size, jobs: queue.jobs },
      lost_in_failed_jobs: inFailedJobs,
      failed_job_reasons: queue.failedReasons,
      readable_not_in_stream: late.unknown,
      stream: { entries: view.entries, repeated_points: view.repeats, late_points: view.late.size },
      live: verdicts,
    };
    say(
      `sent ${ledger.sent}, accepted ${ledger.accepted}, read back ${back.readBack} (agg=count ${back.countAgg}), ` +
        `lost ${lost.size}, still queued ${stillQueued.size}; ${back.storedUnacked} stored without a 202`,
    );
    if (unreadable.size > 0) {
      const where = describeUnreadable(back.lost, acceptedAt, stormStart, ledger, stillQueued, outages);
      say(
        `accepted points not readable ${round((gaveUpAt - ingestEnd) / 1000)} s after the storm: ${where.join('; ')}`,
      );
      if (Object.keys(queue.failedReasons).length) say(`failed ingest jobs: ${JSON.stringify(queue.failedReasons)}`);
      result.figures.unreadable = where;
    }
    if (lost.size > 0) {
      result.failures.push(
        `${lost.size} accepted points lost (${inFailedJobs} in failed ingest jobs, ${lost.size - inFailedJobs} nowhere)`,
      );
    }
    const bound = late.lowerBound ? 'at least ' : '';
    say(
      `late: worst ${bound}${round(late.maxS, 2)} s after its process was back ` +
        `(${late.over} points over ${LATE_LIMIT_S} s); ` +
        `everything readable ${bound}${round(afterLastRestartS, 2)} s after the last restart`,
    );
    if (late.maxS > LATE_LIMIT_S) {
      const queued = stillQueued.size ? `; ${stillQueued.size} still queued when the suite gave up` : '';
      result.failures.push(
        `${late.over} accepted points not readable within ${LATE_LIMIT_S} s of their process being back ` +
          `(worst ${bound}${round(late.maxS, 1)} s${queued})`,
      );
    }
    say(
      `live stream: ${view.entries} entries, ${view.repeats} points published more than once, ` +
        `${view.late.size} published after a newer point of their series (late: not pushed live, by the contract)`,
    );
    for (const v of verdicts) {
      say(
        `live "${v.name}": expected ${v.expected}, seen ${v.seen}, gaps ${v.gaps}, late-not-pushed ${v.lateNotPushed}, ` +
          `duplicates ${v.duplicates}, out of order ${v.outOfOrder}, resyncs ${v.resyncs}, reconnects ${v.reconnects}` +
          (v.samples.length ? `; e.g. ${v.samples.slice(0, 3).join('; ')}` : ''),
      );
      const broken = (['gaps', 'duplicates', 'outOfOrder', 'resyncs'] as const).filter((k) => v[k] > 0);
      if (broken.length) {
        result.failures.push(`live client "${v.name}": ${broken.map((k) => `${v[k]} ${k}`).join(', ')}`);
      }
    }
    return result;
  } finally {
    await stopAll();
    unregister();
    redis.disconnect();
  }
}

/** Unreadable accepted points per series: how many, when their 202s came, and the kill nearest before. */
function describeUnreadable(
  ids: number[],
  acceptedAt: Map<number, number>,
  stormStart: number,
  ledger: AcceptedLedger,
  stillQueued: ReadonlySet<number>,
  outages: readonly Outage[],
): string[] {
  const by = new Map<string, { n: number; queued: number; from: number; to: number }>();
  for (const id of ids) {
    const s = ledger.series[seriesOfId(id)];
    const name = `${s.indicator}/${s.scope}`;
    const at = acceptedAt.get(id)!;
    const w = by.get(name) ?? { n: 0, queued: 0, from: at, to: at };
    by.set(name, w);
    w.n++;
    if (stillQueued.has(id)) w.queued++;
    w.from = Math.min(w.from, at);
    w.to = Math.max(w.to, at);
  }
  const rel = (t: number) => round((t - stormStart) / 1000);
  return [...by].map(([name, w]) => {
    const kill = outages.filter((o) => o.killedAt <= w.to + 1000).at(-1);
    const near = kill ? `; last kill before: ${kill.label} at +${rel(kill.killedAt)} s` : '';
    return `${name}: ${w.n} accepted at +${rel(w.from)}..+${rel(w.to)} s (${w.queued} still queued${near})`;
  });
}
