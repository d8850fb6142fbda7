import { aggregateBuckets, bucketStart } from './bucket-aggregate.util';
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
