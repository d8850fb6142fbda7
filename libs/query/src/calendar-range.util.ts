import { type CalendarPeriodKind, coversKind, periodOf, shiftPeriod } from '@app/catalogue';
import type { Aggregation, TimedValue } from '@app/contracts';

/** `step` values that ask for buckets by calendar period (Asia/Ho_Chi_Minh) instead of by milliseconds. */
export const CALENDAR_STEPS: readonly CalendarPeriodKind[] = ['day', 'month', 'quarter', 'year'];

const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The longest each calendar unit lasts: a numeric step is answered by the smallest unit at least that long. */
export const LONGEST_MS: Record<CalendarPeriodKind, number> = {
  day: DAY_MS,
  month: 31 * DAY_MS,
  quarter: 92 * DAY_MS,
  year: 366 * DAY_MS,
};

/** A little under the shortest each unit lasts (the zone's offset changed in the past): to bound bucket counts. */
const SHORTEST_MS: Record<CalendarPeriodKind, number> = {
  day: 23 * HOUR_MS,
  month: 28 * DAY_MS - HOUR_MS,
  quarter: 89 * DAY_MS - HOUR_MS,
  year: 365 * DAY_MS - HOUR_MS,
};

/**
 * The calendar unit that answers a stepped range over an indicator reported per `own` period: a
 * calendar `step` as given, a numeric one as the smallest unit at least that long; never finer than
 * the indicator's own period (its values sit at period starts, one per period). Undefined for a
 * numeric step longer than a year.
 */
export function calendarUnitFor(
  step: number | CalendarPeriodKind,
  own: CalendarPeriodKind | undefined,
): CalendarPeriodKind | undefined {
  const unit = typeof step === 'string' ? step : CALENDAR_STEPS.find((u) => LONGEST_MS[u] >= step);
  if (!unit) return undefined;
  return own && !coversKind(unit, own) ? own : unit;
}

/** At most how many buckets of `unit` [from, to] touches (cheap: no calendar walk). */
export function maxCalendarBuckets(unit: CalendarPeriodKind, from: number, to: number): number {
  return Math.floor((to - from) / SHORTEST_MS[unit]) + 2;
}

/** The starts of the `unit` periods that touch [from, to], oldest first. */
export function calendarBucketStarts(unit: CalendarPeriodKind, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let p = periodOf(unit, from); p.start <= to; p = shiftPeriod(p, 1)) starts.push(p.start);
  return starts;
}

type Combine = 'sum' | 'min' | 'max' | 'first' | 'last';

/**
 * Folds time-ordered values (raw points, or finer buckets already aggregated) into the calendar
 * buckets that begin at `starts` (sorted): each value goes to the last start at or before its ts.
 * Buckets without a value are left out.
 */
export function rebucket(values: readonly TimedValue[], starts: readonly number[], combine: Combine): TimedValue[] {
  const out: TimedValue[] = [];
  let b = -1;
  for (const v of values) {
    if (v.ts < starts[0]) continue;
    let nb = b < 0 ? 0 : b;
    while (nb + 1 < starts.length && starts[nb + 1] <= v.ts) nb++;
    const last = out[out.length - 1];
    if (nb !== b || !last) {
      b = nb;
      out.push({ ts: starts[b], value: v.value });
      continue;
    }
    if (combine === 'sum') last.value += v.value;
    else if (combine === 'min') last.value = Math.min(last.value, v.value);
    else if (combine === 'max') last.value = Math.max(last.value, v.value);
    else if (combine === 'last') last.value = v.value;
  }
  return out;
}

/**
 * A calendar-stepped answer from a reader of finer, time-ordered values aggregated by an agg (raw
 * points for any agg, or hourly buckets): sums of sums, counts of counts, min of mins, first of
 * firsts; `avg` as the sum over the count, so a bucket's mean weighs every raw point alike.
 */
export async function calendarAggregate(
  read: (agg: Aggregation) => Promise<TimedValue[]>,
  starts: readonly number[],
  agg: Aggregation,
): Promise<TimedValue[]> {
  if (agg !== 'avg') return rebucket(await read(agg), starts, agg === 'count' ? 'sum' : agg);
  const [sums, counts] = await Promise.all([read('sum'), read('count')]);
  const n = new Map(rebucket(counts, starts, 'sum').map((c) => [c.ts, c.value]));
  return rebucket(sums, starts, 'sum').map((s) => ({ ts: s.ts, value: s.value / n.get(s.ts)! }));
}
