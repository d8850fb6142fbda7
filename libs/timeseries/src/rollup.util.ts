import type { Aggregation, TimedValue } from '@app/contracts';
import { finiteMean, finiteSum, SUM_SCALE } from './bucket-aggregate.util';

/** Aggregates of one bucket; all seven answers derive from it, and buckets merge exactly. */
export interface Summary {
  start: number;
  count: number;
  /** Plain sum of the values; may overflow to ±Infinity (or NaN) for huge values. */
  sum: number;
  /** Sum of every value × SUM_SCALE (2^-64): never overflows; answers sum and avg when `sum` did. */
  scaledSum: number;
  min: number;
  max: number;
  first: number;
  last: number;
}

export const LEVELS = [
  { name: 'd', ms: 86_400_000 },
  { name: 'h', ms: 3_600_000 },
  { name: 'm', ms: 60_000 },
] as const;
export type LevelName = (typeof LEVELS)[number]['name'];

/** Summaries of time-ordered points in buckets of `ms` (aligned to multiples of ms from epoch 0). */
export function summarize(points: readonly TimedValue[], ms: number): Summary[] {
  return extendSummaries([], points, ms);
}

/** A single raw point as a summary (raw edges of a range merge with rollups this way). */
export function pointSummary(p: TimedValue): Summary {
  return {
    start: p.ts,
    count: 1,
    sum: p.value,
    scaledSum: p.value * SUM_SCALE,
    min: p.value,
    max: p.value,
    first: p.value,
    last: p.value,
  };
}

/** Merges time-ordered summaries into buckets of `step` and answers `agg` for each. */
export function answer(summaries: readonly Summary[], step: number, agg: Aggregation): TimedValue[] {
  const merged: Summary[] = [];
  for (const s of summaries) {
    const start = Math.floor(s.start / step) * step;
    const cur = merged[merged.length - 1];
    if (cur && cur.start === start) {
      cur.count += s.count;
      cur.sum += s.sum;
      cur.scaledSum += s.scaledSum;
      cur.min = Math.min(cur.min, s.min);
      cur.max = Math.max(cur.max, s.max);
      cur.last = s.last;
    } else merged.push({ ...s, start });
  }
  return merged.map((s) => ({ ts: s.start, value: pick(s, agg) }));
}

function pick(s: Summary, agg: Aggregation): number {
  switch (agg) {
    case 'avg':
      return finiteMean(s.sum, s.scaledSum, s.count);
    case 'sum':
      return finiteSum(s.sum, s.scaledSum);
    case 'min':
      return s.min;
    case 'max':
      return s.max;
    case 'count':
      return s.count;
    case 'first':
      return s.first;
    case 'last':
      return s.last;
  }
}

/** Format 3: start f64, count u32, sum, scaledSum, min, max, first, last f64. */
const SUMMARY_BYTES = 60;
/** Formats 1 and 2: the same without scaledSum. */
const OLD_SUMMARY_BYTES = 52;
/** Header of format 3: u32 stamp, f64 last ts, u8 format. */
const HEADER_BYTES = 13;
const FORMAT = 3;

/**
 * Rollup blob: u32 stamp (the chunk length it was computed from, with the sealed flag), f64 ts of the
 * day's last point (so the next refresh can extend it with appended points), u8 format (3), then the
 * summaries. Lengths tell the formats apart: 13 + 60·n (format 3), 12 + 52·n (format 2, no scaled
 * sum), 4 + 52·n (format 1, no last ts either: recomputed when next touched); they never coincide
 * (13 + 60·n − 12 and 13 + 60·n − 4 are odd, 52·m is even).
 */
export function encodeRollup(chunkLength: number, summaries: readonly Summary[], lastTs: number): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_BYTES + summaries.length * SUMMARY_BYTES);
  buf.writeUInt32LE(chunkLength, 0);
  buf.writeDoubleLE(lastTs, 4);
  buf.writeUInt8(FORMAT, 12);
  summaries.forEach((s, i) => {
    const o = HEADER_BYTES + i * SUMMARY_BYTES;
    buf.writeDoubleLE(s.start, o);
    buf.writeUInt32LE(s.count, o + 8);
    buf.writeDoubleLE(s.sum, o + 12);
    buf.writeDoubleLE(s.scaledSum, o + 20);
    buf.writeDoubleLE(s.min, o + 28);
    buf.writeDoubleLE(s.max, o + 36);
    buf.writeDoubleLE(s.first, o + 44);
    buf.writeDoubleLE(s.last, o + 52);
  });
  return buf;
}

export interface StoredRollup {
  chunkLength: number;
  /** null in blobs of the first format */
  lastTs: number | null;
  summaries: Summary[];
}

export function decodeRollup(buf: Buffer): StoredRollup {
  const chunkLength = buf.readUInt32LE(0);
  const summaries: Summary[] = [];
  if ((buf.length - HEADER_BYTES) % SUMMARY_BYTES === 0 && buf.readUInt8(12) === FORMAT) {
    for (let o = HEADER_BYTES; o + SUMMARY_BYTES <= buf.length; o += SUMMARY_BYTES) {
      summaries.push({
        start: buf.readDoubleLE(o),
        count: buf.readUInt32LE(o + 8),
        sum: buf.readDoubleLE(o + 12),
        scaledSum: buf.readDoubleLE(o + 20),
        min: buf.readDoubleLE(o + 28),
        max: buf.readDoubleLE(o + 36),
        first: buf.readDoubleLE(o + 44),
        last: buf.readDoubleLE(o + 52),
      });
    }
    return { chunkLength, lastTs: buf.readDoubleLE(4), summaries };
  }
  // Formats 1 and 2: the scaled sum is the plain one scaled (exact wherever the plain sum is finite).
  const withLast = (buf.length - 4) % OLD_SUMMARY_BYTES === 8;
  const lastTs = withLast ? buf.readDoubleLE(4) : null;
  for (let o = withLast ? 12 : 4; o + OLD_SUMMARY_BYTES <= buf.length; o += OLD_SUMMARY_BYTES) {
    const sum = buf.readDoubleLE(o + 12);
    summaries.push({
      start: buf.readDoubleLE(o),
      count: buf.readUInt32LE(o + 8),
      sum,
      scaledSum: sum * SUM_SCALE,
      min: buf.readDoubleLE(o + 20),
      max: buf.readDoubleLE(o + 28),
      first: buf.readDoubleLE(o + 36),
      last: buf.readDoubleLE(o + 44),
    });
  }
  return { chunkLength, lastTs, summaries };
}

/**
 * Extends summaries (in place) with points that all come after every point already summarized, in
 * time order: the same result, sums included, as summarizing all the points again.
 */
export function extendSummaries(summaries: Summary[], points: readonly TimedValue[], ms: number): Summary[] {
  let cur: Summary | undefined = summaries[summaries.length - 1];
  for (const p of points) {
    const start = Math.floor(p.ts / ms) * ms;
    if (!cur || cur.start !== start) {
      cur = { start, count: 0, sum: 0, scaledSum: 0, min: Infinity, max: -Infinity, first: p.value, last: p.value };
      summaries.push(cur);
    }
    cur.count++;
    cur.sum += p.value;
    cur.scaledSum += p.value * SUM_SCALE;
    if (p.value < cur.min) cur.min = p.value;
    if (p.value > cur.max) cur.max = p.value;
    cur.last = p.value;
  }
  return summaries;
}
