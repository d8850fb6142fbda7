import type { Redis } from 'ioredis';
import { log, sleep } from './chaos-harness';
import { type AcceptedLedger, pointId } from './ingest-load';

const DAY = 86_400_000;
/** Raw reads are split into windows this wide: with at most one point a ms, under the 100,000-point cap. */
const RAW_WINDOW_MS = 50_000;

export interface ReadBackResult {
  /** Accepted points found by raw range reads. */
  readBack: number;
  /** Ids of accepted points that raw range reads do not return. */
  lost: number[];
  /** Stored points that never got a 202 (their request failed, yet they were queued). */
  storedUnacked: number;
  /** Sum of `agg=count` over every series, beside the raw figure. */
  countAgg: number;
}

async function getJson(url: string, key: string): Promise<any> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

const seriesPath = (ledger: AcceptedLedger, s: number) =>
  `/api/v1/series/${ledger.series[s].indicator}/${ledger.series[s].scope}/range`;

/** Points stored per series between t0 and the newest ts sent, by `step` + `agg=count`. */
export async function countStored(base: string, key: string, ledger: AcceptedLedger): Promise<number[]> {
  const to = ledger.maxTs();
  return Promise.all(
    ledger.series.map(async (_, s) => {
      const body = await getJson(
        `${base}${seriesPath(ledger, s)}?from=${ledger.t0}&to=${to}&step=${DAY}&agg=count`,
        key,
      );
      return (body.points as { value: number }[]).reduce((n, p) => n + p.value, 0);
    }),
  );
}

/** Reads every series back raw and compares with what was accepted. */
export async function readBackRaw(base: string, key: string, ledger: AcceptedLedger): Promise<ReadBackResult> {
  const to = ledger.maxTs();
  const counts = await countStored(base, key, ledger);
  const result: ReadBackResult = {
    readBack: 0,
    lost: [],
    storedUnacked: 0,
    countAgg: counts.reduce((a, b) => a + b, 0),
  };
  for (let s = 0; s < ledger.series.length; s++) {
    const stored = new Set<number>();
    for (let from = ledger.t0; from <= to; from += RAW_WINDOW_MS) {
      const upTo = Math.min(to, from + RAW_WINDOW_MS - 1);
      const body = await getJson(`${base}${seriesPath(ledger, s)}?from=${from}&to=${upTo}`, key);
      for (const p of body.points as { ts: number }[]) stored.add(p.ts);
    }
    let found = 0;
    for (const ts of ledger.perSeries[s].ts) {
      if (stored.has(ts)) found++;
      else result.lost.push(pointId(s, ts, ledger.t0));
    }
    result.readBack += found;
    result.storedUnacked += stored.size - found;
  }
  return result;
}

/** Ingest jobs not yet written (waiting, active, delayed) and jobs that failed for good. */
export async function ingestQueueDepth(redis: Redis, prefix: string): Promise<{ pending: number; failed: number }> {
  const q = `${prefix}:bull:ioc-ingest`;
  const [wait, active, paused, delayed, prioritized, failed] = await Promise.all([
    redis.llen(`${q}:wait`),
    redis.llen(`${q}:active`),
    redis.llen(`${q}:paused`),
    redis.zcard(`${q}:delayed`),
    redis.zcard(`${q}:prioritized`),
    redis.zcard(`${q}:failed`),
  ]);
  return { pending: wait + active + paused + delayed + prioritized, failed };
}

export interface SettleOptions {
  scenario: string;
  /** A base URL that answers now (undefined while none does). */
  base: () => string | undefined;
  key: string;
  ledger: AcceptedLedger;
  redis: Redis;
  prefix: string;
  /** Give up this long after the call. */
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Waits until every series holds at least as many points as were accepted and the ingest queue is
 * empty, or until the queue is empty and nothing changed for 3 s (what is missing will not come),
 * or the timeout. Returns why it stopped.
 */
export async function waitForSettle(o: SettleOptions): Promise<'complete' | 'quiet' | 'timeout'> {
  const deadline = Date.now() + o.timeoutMs;
  let last = '';
  let unchangedSince = Date.now();
  const wanted = o.ledger.perSeries.map((s) => s.ts.length);
  while (Date.now() < deadline && !o.signal.aborted) {
    const base = o.base();
    try {
      if (base) {
        const [counts, queue] = await Promise.all([
          countStored(base, o.key, o.ledger),
          ingestQueueDepth(o.redis, o.prefix),
        ]);
        const complete = counts.every((c, s) => c >= wanted[s]);
        if (complete && queue.pending === 0) return 'complete';
        const now = `${counts.join(',')}|${queue.pending}`;
        if (now !== last) {
          last = now;
          unchangedSince = Date.now();
          const missing = counts.reduce((n, c, s) => n + Math.max(0, wanted[s] - c), 0);
          log(
            o.scenario,
            `waiting: ${missing} accepted points not readable yet, ${queue.pending} ingest jobs pending, ${queue.failed} failed`,
          );
        } else if (queue.pending === 0 && Date.now() - unchangedSince > 3000) return 'quiet';
      }
    } catch (err) {
      log(o.scenario, `read-back poll failed: ${(err as Error).message}`);
    }
    await sleep(500, o.signal);
  }
  return 'timeout';
}
