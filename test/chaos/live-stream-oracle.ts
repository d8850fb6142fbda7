import type { Redis } from 'ioredis';
import { pointId, type SeriesRef } from './ingest-load';

/**
 * What the service's live stream (`<prefix>:live`, one entry per stored batch, written right after
 * the batch is stored) says about every point: when it was first readable, and whether it came
 * after a newer point of its series (then the contract's late rule keeps it from live clients).
 */
export interface StreamView {
  entries: number;
  /** Epoch ms of the first entry holding each point: its batch was stored by then. */
  firstAt: Map<number, number>;
  /** Points first published after a newer point of their series. */
  late: Set<number>;
  /** Occurrences of a point beyond its first (a batch published twice, e.g. a job run again). */
  repeats: number;
  /** Points of series the suite does not know (should be 0). */
  foreign: number;
}

export function seriesIndex(series: readonly SeriesRef[]): Map<string, number> {
  return new Map(series.map((s, i) => [`${s.indicator}\u0000${s.scope}`, i]));
}

export async function readLiveStream(
  redis: Redis,
  prefix: string,
  series: readonly SeriesRef[],
  t0: number,
): Promise<StreamView> {
  const index = seriesIndex(series);
  const view: StreamView = { entries: 0, firstAt: new Map(), late: new Set(), repeats: 0, foreign: 0 };
  const newest = new Map<number, number>();
  let after = '-';
  for (;;) {
    const raw = (await redis.xrange(`${prefix}:live`, after, '+', 'COUNT', 200)) as [string, string[]][];
    if (raw.length === 0) break;
    for (const [id, fields] of raw) {
      view.entries++;
      const at = Number(id.split('-')[0]);
      const p = fields.indexOf('p');
      const tuples = p >= 0 ? (JSON.parse(fields[p + 1]) as [string, string, number, number][]) : [];
      for (const [indicator, scope, ts] of tuples) {
        const s = index.get(`${indicator}\u0000${scope}`);
        if (s === undefined) {
          view.foreign++;
          continue;
        }
        const pid = pointId(s, ts, t0);
        if (view.firstAt.has(pid)) {
          view.repeats++;
          continue;
        }
        view.firstAt.set(pid, at);
        const seen = newest.get(s);
        if (seen !== undefined && ts < seen) view.late.add(pid);
        else newest.set(s, ts);
      }
    }
    after = `(${raw[raw.length - 1][0]}`;
  }
  return view;
}
