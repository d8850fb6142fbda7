import type { Redis } from 'ioredis';
import { pointId } from './ingest-load';
import { seriesIndex } from './live-stream-oracle';
import type { SeriesRef } from './ingest-load';

/** Where the ingest jobs that still hold points are: not written yet, or failed for good. */
export interface QueuedPoints {
  /** Point ids in jobs waiting, active (maybe held by a dead worker), delayed or prioritized. */
  pending: Set<number>;
  /** Point ids in failed jobs (kept for inspection, never written unless an operator retries them). */
  failed: Set<number>;
  /** Why those jobs failed, with how many jobs per reason. */
  failedReasons: Record<string, number>;
  /** Pending jobs per state. */
  jobs: Record<string, number>;
}

/**
 * Reads the ingest queue's jobs straight from Redis (BullMQ's keys under `<prefix>:bull:ioc-ingest`)
 * and says which of the suite's points they hold.
 */
export async function queuedPoints(
  redis: Redis,
  prefix: string,
  series: readonly SeriesRef[],
  t0: number,
): Promise<QueuedPoints> {
  const q = `${prefix}:bull:ioc-ingest`;
  const index = seriesIndex(series);
  const out: QueuedPoints = { pending: new Set(), failed: new Set(), failedReasons: {}, jobs: {} };
  const lists = ['wait', 'active', 'paused'];
  const sets = ['delayed', 'prioritized', 'failed'];
  const ids: [state: string, id: string][] = [];
  for (const state of lists) for (const id of await redis.lrange(`${q}:${state}`, 0, -1)) ids.push([state, id]);
  for (const state of sets) for (const id of await redis.zrange(`${q}:${state}`, 0, -1)) ids.push([state, id]);
  for (const [state, id] of ids) {
    const [data, failedReason] = await redis.hmget(`${q}:${id}`, 'data', 'failedReason');
    const into = state === 'failed' ? out.failed : out.pending;
    if (state === 'failed') {
      const reason = (failedReason ?? 'unknown').slice(0, 120);
      out.failedReasons[reason] = (out.failedReasons[reason] ?? 0) + 1;
    } else out.jobs[state] = (out.jobs[state] ?? 0) + 1;
    if (!data) continue;
    const job = JSON.parse(data) as { p?: string; points?: { indicator: string; scope: string; ts: number }[] };
    const points = job.p
      ? (JSON.parse(job.p) as [string, string, number, number][]).map(([indicator, scope, ts]) => ({
          indicator,
          scope,
          ts,
        }))
      : (job.points ?? []);
    for (const p of points) {
      const s = index.get(`${p.indicator}\u0000${p.scope}`);
      if (s !== undefined) into.add(pointId(s, p.ts, t0));
    }
  }
  return out;
}
