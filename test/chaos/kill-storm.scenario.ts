import { Redis } from 'ioredis';
import pg from 'pg';
import { createKey, seedCatalogue } from '../support/api';
import { REDIS_URL, RunningService, startService } from '../support/service';
import { emptyResult, log, onCleanup, round, ScenarioResult, sleep } from './chaos-harness';
import { AcceptedLedger, runIngestClient, SeriesRef, seriesOfId } from './ingest-load';
import { lateness, Outage } from './lateness';
import { FollowerVerdict, LiveFollower } from './live-follower';
import { readLiveStream, seriesIndex } from './live-stream-oracle';
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
    for (const sub of SUBSCRIPTIONS) {
      const key = await createKey(gw0, 'viewer');
      const follower = new LiveFollower({ name: sub.name, key, filter: sub.filter, gateways, index, t0, log: say });
      followers.push(follower);
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
    const processes = [...labels.keys()];
    while (Date.now() - stormStart < opts.stormMs && !signal.aborted) {
      const [lo, hi] = opts.killEveryMs;
      await sleep(lo + Math.random() * (hi - lo), signal);
      if (Date.now() - stormStart >= opts.stormMs || signal.aborted) break;
      const victim = processes[Math.floor(Math.random() * processes.length)];
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
    const settledAt = Date.now();
    say(`read-back: ${settle} after ${round((settledAt - ingestEnd) / 1000)} s`);
    const view = await readLiveStream(redis, gw0.redisPrefix, SERIES, t0);
    const back = await readBackRaw(base() ?? gw0.baseUrl, gw0.adminKey, ledger);
    const lost = new Set(back.lost);
    const acceptedAt = ledger.acceptedAt();
    const late = lateness(acceptedAt, view.firstAt, lost, outages, LATE_LIMIT_S);
    let lastReadable = 0;
    for (const id of acceptedAt.keys())
      if (!lost.has(id)) lastReadable = Math.max(lastReadable, view.firstAt.get(id) ?? 0);
    const afterLastRestartS = Math.max(0, (lastReadable - lastBackAt) / 1000);

    // The live clients: every accepted point of their subscription, once, in order per series.
    const expected = followers.map((_, i) =>
      ledger.acceptedIds((s) => matches(SUBSCRIPTIONS[i].filter, SERIES[s])).filter((id) => !lost.has(id)),
    );
    const caughtUp = () => followers.every((f, i) => f.missing(expected[i], view.late).gaps.length === 0);
    const liveDeadline = Date.now() + 10_000;
    while (!caughtUp() && Date.now() < liveDeadline && !signal.aborted) await sleep(500, signal);
    const verdicts: FollowerVerdict[] = followers.map((f, i) => f.verdict(expected[i], view.late));
    followers.forEach((f) => f.stop());

    result.sent = ledger.sent;
    result.accepted = ledger.accepted;
    result.readBack = back.readBack;
    result.lost = back.lost.length;
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
      late_s_after_last_restart: round(afterLastRestartS, 2),
      late_points_over_15s: late.over,
      readable_not_in_stream: late.unknown,
      stream: { entries: view.entries, repeated_points: view.repeats, late_points: view.late.size },
      live: verdicts,
    };
    say(
      `sent ${ledger.sent}, accepted ${ledger.accepted}, read back ${back.readBack} (agg=count ${back.countAgg}), ` +
        `lost ${back.lost.length}; ${back.storedUnacked} stored without a 202`,
    );
    if (back.lost.length > 0) {
      const windows = describeLost(back.lost, acceptedAt, stormStart, ledger);
      say(`lost accepted points: ${windows}`);
      result.figures.lost_by_series = windows;
      result.failures.push(
        `${back.lost.length} accepted points lost (not readable ${round((settledAt - ingestEnd) / 1000)} s after the storm)`,
      );
    }
    say(
      `late: worst ${round(late.maxS, 2)} s after its process was back (${late.over} points over ${LATE_LIMIT_S} s); ` +
        `everything readable ${round(afterLastRestartS, 2)} s after the last restart`,
    );
    if (late.maxS > LATE_LIMIT_S)
      result.failures.push(
        `${late.over} accepted points readable only after ${LATE_LIMIT_S} s (worst ${round(late.maxS, 1)} s)`,
      );
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
      if (broken.length)
        result.failures.push(`live client "${v.name}": ${broken.map((k) => `${v[k]} ${k}`).join(', ')}`);
    }
    return result;
  } finally {
    await stopAll();
    unregister();
    redis.disconnect();
  }
}

/** Lost points per series, with the window (seconds into the storm) of their 202s. */
function describeLost(
  lost: number[],
  acceptedAt: Map<number, number>,
  stormStart: number,
  ledger: AcceptedLedger,
): Record<string, string> {
  const by: Record<string, { n: number; from: number; to: number }> = {};
  for (const id of lost) {
    const s = ledger.series[seriesOfId(id)];
    const name = `${s.indicator}/${s.scope}`;
    const at = (acceptedAt.get(id)! - stormStart) / 1000;
    const w = (by[name] ??= { n: 0, from: at, to: at });
    w.n++;
    w.from = Math.min(w.from, at);
    w.to = Math.max(w.to, at);
  }
  return Object.fromEntries(
    Object.entries(by).map(([k, w]) => [k, `${w.n} accepted at +${round(w.from)}..+${round(w.to)} s`]),
  );
}
