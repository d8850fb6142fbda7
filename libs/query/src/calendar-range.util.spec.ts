import type { Aggregation, TimedValue } from '@app/contracts';
import {
  calendarAggregate,
  calendarBucketStarts,
  calendarUnitFor,
  HOUR_MS,
  LONGEST_MS,
  rebucket,
} from './calendar-range.util';

const local = (iso: string) => Date.parse(`${iso}+07:00`);

describe('calendarUnitFor', () => {
  it('a calendar step as given, a numeric one as the smallest unit at least that long', () => {
    expect(calendarUnitFor('quarter', undefined)).toBe('quarter');
    expect(calendarUnitFor(1, undefined)).toBe('day');
    expect(calendarUnitFor(LONGEST_MS.day, undefined)).toBe('day');
    expect(calendarUnitFor(30 * 86_400_000, undefined)).toBe('month');
    expect(calendarUnitFor(31 * 86_400_000 + 1, undefined)).toBe('quarter');
    expect(calendarUnitFor(365 * 86_400_000, undefined)).toBe('year');
    expect(calendarUnitFor(LONGEST_MS.year + 1, undefined)).toBeUndefined();
  });
  it('never finer than the indicator period', () => {
    expect(calendarUnitFor(3_600_000, 'month')).toBe('month');
    expect(calendarUnitFor('day', 'quarter')).toBe('quarter');
    expect(calendarUnitFor('year', 'month')).toBe('year');
  });
});

describe('calendarBucketStarts', () => {
  it('the periods touching [from, to], in the UTC+7 calendar', () => {
    expect(calendarBucketStarts('month', local('2026-01-15T00:00:00'), local('2026-03-01T00:00:00'))).toEqual([
      local('2026-01-01T00:00:00'),
      local('2026-02-01T00:00:00'),
      local('2026-03-01T00:00:00'),
    ]);
    // 23:30 UTC is already the next day in Hanoi.
    expect(calendarBucketStarts('day', Date.UTC(2026, 9, 4, 23, 30), Date.UTC(2026, 9, 5, 1))).toEqual([
      local('2026-10-05T00:00:00'),
    ]);
    expect(calendarBucketStarts('quarter', local('2024-02-29T12:00:00'), local('2024-04-01T00:00:00'))).toEqual([
      local('2024-01-01T00:00:00'),
      local('2024-04-01T00:00:00'),
    ]);
    for (const s of calendarBucketStarts('day', Date.UTC(2020, 0, 1), Date.UTC(2020, 2, 1))) {
      expect(s % HOUR_MS).toBe(0);
    }
  });
});

describe('rebucket and calendarAggregate', () => {
  const starts = [local('2026-01-01T00:00:00'), local('2026-02-01T00:00:00'), local('2026-03-01T00:00:00')];
  const points: TimedValue[] = [
    { ts: local('2026-01-01T00:00:00'), value: 1 },
    { ts: local('2026-01-31T23:59:59'), value: 3 },
    { ts: local('2026-03-02T00:00:00'), value: 10 },
  ];
  it('folds values into the bucket that holds them, leaving empty buckets out', () => {
    expect(rebucket(points, starts, 'sum')).toEqual([
      { ts: starts[0], value: 4 },
      { ts: starts[2], value: 10 },
    ]);
    expect(rebucket(points, starts, 'first')[0].value).toBe(1);
    expect(rebucket(points, starts, 'last')[0].value).toBe(3);
    expect(rebucket(points, starts, 'max')[0].value).toBe(3);
    expect(rebucket(points, starts, 'min')[0].value).toBe(1);
    expect(rebucket([], starts, 'sum')).toEqual([]);
  });
  it('avg weighs every raw point alike (sum over count), counts add up', async () => {
    // Hourly buckets: one with 3 points averaging 2, one with 1 point of 10 (same month).
    const hourly: Record<string, TimedValue[]> = {
      sum: [
        { ts: starts[0], value: 6 },
        { ts: starts[0] + HOUR_MS, value: 10 },
      ],
      count: [
        { ts: starts[0], value: 3 },
        { ts: starts[0] + HOUR_MS, value: 1 },
      ],
    };
    const read = async (agg: Aggregation) => hourly[agg];
    expect(await calendarAggregate(read, starts, 'avg')).toEqual([{ ts: starts[0], value: 4 }]);
    expect(await calendarAggregate(read, starts, 'count')).toEqual([{ ts: starts[0], value: 4 }]);
    expect(await calendarAggregate(read, starts, 'sum')).toEqual([{ ts: starts[0], value: 16 }]);
  });
});
