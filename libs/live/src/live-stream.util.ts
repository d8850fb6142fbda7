import { decodePointTuples, encodePointTuples, type IndicatorPoint } from '@app/contracts';

/** Redis key of the live stream: every stored batch, in order, for fan-out and resume. */
export function liveStreamKey(prefix: string): string {
  return `${prefix}:live`;
}

/** Stream entry ids (`<ms>-<seq>`) are the cursors clients see. */
const ID = /^(\d{1,16})-(\d{1,16})$/;

export function isStreamId(s: unknown): s is string {
  return typeof s === 'string' && ID.test(s);
}

/** Compares two stream ids numerically: negative when a < b. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

/** Stream entry encoding: the compact tuples of ingest jobs (one JSON array of [indicator, scope, ts, value]). */
export const encodePoints = encodePointTuples;
export const decodePoints = decodePointTuples;

/** Orders a batch by time (stable), so every series is in time order inside one `values` event. */
export function sortByTime(points: IndicatorPoint[]): IndicatorPoint[] {
  return points.sort((a, b) => a.ts - b.ts);
}
