import type { CalendarPeriodKind } from '@app/catalogue';
import { AGGREGATIONS, type Aggregation, type RangeQuery } from '@app/contracts';
import { CALENDAR_STEPS, calendarUnitFor, LONGEST_MS, maxCalendarBuckets } from './calendar-range.util';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Most buckets one stepped range may return. */
export const MAX_BUCKETS = 100_000;

export interface RawRangeParams {
  from?: unknown;
  to?: unknown;
  step?: unknown;
  agg?: unknown;
}

/** A time query parameter: epoch ms (digits, optionally negative) or an ISO-8601 date-time. */
export function parseTimeParam(name: string, raw: unknown): number | string {
  if (typeof raw !== 'string' || raw.trim() === '') return `${name}: give epoch milliseconds or an ISO-8601 date-time`;
  const s = raw.trim();
  if (/^-?\d+$/.test(s)) return Number(s);
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? `${name}: "${s}" is neither epoch milliseconds nor an ISO-8601 date-time` : ms;
}

/** A resolved range: with `calendar`, buckets are calendar periods (no `step`). */
export interface RangeRequest extends RangeQuery {
  calendar?: CalendarPeriodKind;
}

const STEP_EXPECTED = `a whole number of milliseconds (at least 1) or a calendar unit: ${CALENDAR_STEPS.join(', ')}`;

/**
 * Resolves range parameters per the contract: bounds inclusive, `to` defaults to now, `from` to 24 h
 * before `to`, `agg` defaults to avg with a step. `step` may also be a calendar unit (`day`, `month`,
 * `quarter`, `year`: buckets at period starts in the Asia/Ho_Chi_Minh calendar). For an indicator
 * reported per `period`, every step is answered by calendar period: a numeric one by the smallest
 * unit at least that long, never finer than the indicator's own period. Streams with a numeric step
 * keep buckets at multiples of step from epoch 0. Returns the query or a readable error.
 */
export function parseRangeParams(
  params: RawRangeParams,
  now: number,
  period?: CalendarPeriodKind,
): RangeRequest | string {
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const rawFrom = first(params.from);
  const rawTo = first(params.to);
  const rawStep = first(params.step);
  const rawAgg = first(params.agg);

  const to = rawTo === undefined ? now : parseTimeParam('to', rawTo);
  if (typeof to === 'string') return to;
  const from = rawFrom === undefined ? to - DAY_MS : parseTimeParam('from', rawFrom);
  if (typeof from === 'string') return from;
  if (from > to) return `from (${from}) must not be after to (${to})`;

  let step: number | undefined;
  let calendar: CalendarPeriodKind | undefined;
  if (rawStep !== undefined) {
    const text = typeof rawStep === 'string' ? rawStep.trim() : '';
    const unit = CALENDAR_STEPS.find((u) => u === text);
    if (!unit && (!/^\d+$/.test(text) || Number(text) < 1)) return `step: give ${STEP_EXPECTED}`;
    if (unit || period) {
      calendar = calendarUnitFor(unit ?? Number(text), period);
      if (!calendar) {
        return `step: ${text} ms is longer than a year; for a period indicator give at most ${LONGEST_MS.year} ms, or step=year`;
      }
      if (maxCalendarBuckets(calendar, from, to) > MAX_BUCKETS) {
        return `step: ${calendar} gives more than ${MAX_BUCKETS} buckets over this range; give a larger step`;
      }
    } else {
      step = Number(text);
      if ((to - from) / step > MAX_BUCKETS) {
        return `step: ${step} ms gives more than ${MAX_BUCKETS} buckets over this range; give a larger step`;
      }
    }
  }
  let agg: Aggregation | undefined;
  if (rawAgg !== undefined) {
    if (!AGGREGATIONS.includes(rawAgg as Aggregation)) return `agg: must be one of ${AGGREGATIONS.join(', ')}`;
    if (step === undefined && calendar === undefined) return 'agg: needs a step (ms or a calendar unit)';
    agg = rawAgg as Aggregation;
  }
  if (calendar !== undefined) return { from, to, calendar, agg: agg ?? 'avg' };
  return step === undefined ? { from, to } : { from, to, step, agg: agg ?? 'avg' };
}
