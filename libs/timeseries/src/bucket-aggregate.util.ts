import type { Aggregation, TimedValue } from '@app/contracts';

/** Bucket start of `ts` for buckets aligned to multiples of `step` from epoch 0 (negative ts too). */
export function bucketStart(ts: number, step: number): number {
  return Math.floor(ts / step) * step;
}

/** Aggregates time-ordered raw points into non-empty buckets. */
export function aggregateBuckets(points: readonly TimedValue[], step: number, agg: Aggregation): TimedValue[] {
  const out: TimedValue[] = [];
  let i = 0;
  while (i < points.length) {
    const start = bucketStart(points[i].ts, step);
    let j = i;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    while (j < points.length && bucketStart(points[j].ts, step) === start) {
      const v = points[j].value;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      j++;
    }
    const count = j - i;
    const value =
      agg === 'avg'
        ? sum / count
        : agg === 'sum'
          ? sum
          : agg === 'min'
            ? min
            : agg === 'max'
              ? max
              : agg === 'count'
                ? count
                : agg === 'first'
                  ? points[i].value
                  : points[j - 1].value;
    out.push({ ts: start, value });
    i = j;
  }
  return out;
}
