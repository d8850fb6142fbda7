import { aggregateBuckets, bucketStart, finiteMean, finiteSum, SUM_SCALE } from './bucket-aggregate.util';
import { isSaneTimestamp } from './timestamp-window.util';

describe('aggregateBuckets', () => {
  const pts = [
    { ts: 0, value: 4 },
    { ts: 5, value: 2 },
    { ts: 10, value: 9 },
    { ts: 31, value: 1 },
  ];
  it.each([
    ['avg', [3, 9, 1]],
    ['sum', [6, 9, 1]],
    ['min', [2, 9, 1]],
    ['max', [4, 9, 1]],
    ['count', [2, 1, 1]],
    ['first', [4, 9, 1]],
    ['last', [2, 9, 1]],
  ] as const)('%s over buckets of 10, empty ones left out', (agg, values) => {
    expect(aggregateBuckets(pts, 10, agg)).toEqual([0, 10, 30].map((ts, i) => ({ ts, value: values[i] })));
  });
  it('never answers a non-finite avg or sum for finite values: avg from the scaled sum, sum saturated', () => {
    const big = 1.7e308;
    const huge = [
      { ts: 0, value: big },
      { ts: 1, value: big },
      { ts: 10, value: -big },
      { ts: 11, value: -big },
      { ts: 12, value: -big },
      { ts: 20, value: big },
      { ts: 21, value: big },
      { ts: 22, value: -big },
      { ts: 23, value: -big },
      { ts: 30, value: Number.MAX_VALUE },
      { ts: 31, value: Number.MAX_VALUE },
      { ts: 32, value: 4 },
    ];
    const avg = aggregateBuckets(huge, 10, 'avg');
    expect(avg.map((p) => p.ts)).toEqual([0, 10, 20, 30]);
    [big, -big, 0, (Number.MAX_VALUE / 3) * 2].forEach((want, i) =>
      expect(Math.abs(avg[i].value - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-15),
    );
    expect(aggregateBuckets(huge, 10, 'sum')).toEqual([
      { ts: 0, value: Number.MAX_VALUE },
      { ts: 10, value: -Number.MAX_VALUE },
      { ts: 20, value: 0 }, // the plain sum is Infinity - Infinity = NaN; the scaled one is exact
      { ts: 30, value: Number.MAX_VALUE },
    ]);
    for (const agg of ['avg', 'sum'] as const)
      for (const p of aggregateBuckets(huge, 10, agg)) expect(Number.isFinite(p.value)).toBe(true);
  });
  it('finiteSum and finiteMean use the plain sum whenever it is finite', () => {
    expect(finiteSum(0.1 + 0.2, 123)).toBe(0.1 + 0.2);
    expect(finiteMean(7, 123, 2)).toBe(3.5);
    expect(finiteMean(Infinity, 2 * (1.5e308 * SUM_SCALE), 2)).toBe(1.5e308);
    expect(finiteSum(-Infinity, -2 * (1.5e308 * SUM_SCALE))).toBe(-Number.MAX_VALUE);
  });
  it('aligns negative timestamps to multiples of step too', () => {
    expect(bucketStart(-1, 10)).toBe(-10);
    expect(bucketStart(-10, 10)).toBe(-10);
  });
});

describe('isSaneTimestamp', () => {
  const now = Date.UTC(2026, 10, 23);
  it('accepts history since 1900 and up to a year ahead', () => {
    expect(isSaneTimestamp(Date.UTC(1900, 0, 1), now)).toBe(true);
    expect(isSaneTimestamp(now + 365 * 86_400_000, now)).toBe(true);
    expect(isSaneTimestamp(Date.UTC(1899, 11, 31), now)).toBe(false);
    expect(isSaneTimestamp(now + 400 * 86_400_000, now)).toBe(false);
    expect(isSaneTimestamp(1.5, now)).toBe(false);
  });
});
