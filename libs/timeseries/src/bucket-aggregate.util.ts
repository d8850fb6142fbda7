import type { Aggregation, TimedValue } from '@app/contracts';

/**
 * Sums of finite values can overflow float64 (two points of 1.7e308 add up to Infinity, which JSON
 * writes as null). Beside the plain sum we can keep the sum of every value × 2^-64: it cannot
 * overflow (it would take 2^64 values of Number.MAX_VALUE), and since scaling by a power of two is
 * exact, it gives the same digits as the plain sum wherever the plain one overflowed.
 */
export const SUM_SCALE = 2 ** -64;
const UNSCALE = 2 ** 64;

/** `agg=sum` of a bucket: the plain sum when finite, else the scaled one, saturated at ±Number.MAX_VALUE. */
export function finiteSum(sum: number, scaledSum: number): number {
  return Number.isFinite(sum) ? sum : saturate(scaledSum * UNSCALE);
}

/** `agg=avg` of a bucket: sum / count, from the scaled sum when the plain one overflowed (never ±Infinity). */
export function finiteMean(sum: number, scaledSum: number, count: number): number {
  return Number.isFinite(sum) ? sum / count : saturate((scaledSum / count) * UNSCALE);
}

function saturate(v: number): number {
  return v > Number.MAX_VALUE ? Number.MAX_VALUE : v < -Number.MAX_VALUE ? -Number.MAX_VALUE : v;
}

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
    // The scaled sum only when the plain one overflowed (rare): a second pass over the bucket.
    let scaledSum = sum;
    if ((agg === 'avg' || agg === 'sum') && !Number.isFinite(sum)) {
      scaledSum = 0;
      for (let k = i; k < j; k++) scaledSum += points[k].value * SUM_SCALE;
    }
    const value =
      agg === 'avg'
        ? finiteMean(sum, scaledSum, count)
        : agg === 'sum'
          ? finiteSum(sum, scaledSum)
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
