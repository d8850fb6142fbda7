import { AGGREGATIONS, type Aggregation, type RangeQuery } from '@app/contracts';

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

/**
 * Resolves range parameters per the contract: bounds inclusive, `to` defaults to now, `from` to 24 h
 * before `to`, `agg` defaults to avg with a step. Returns the query or a readable error.
 */
export function parseRangeParams(params: RawRangeParams, now: number): RangeQuery | string {
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
  if (rawStep !== undefined) {
    if (typeof rawStep !== 'string' || !/^\d+$/.test(rawStep.trim()) || Number(rawStep) < 1) {
      return 'step: must be a whole number of milliseconds, at least 1';
    }
    step = Number(rawStep);
    if ((to - from) / step > MAX_BUCKETS) {
      return `step: ${step} ms gives more than ${MAX_BUCKETS} buckets over this range; give a larger step`;
    }
  }
  let agg: Aggregation | undefined;
  if (rawAgg !== undefined) {
    if (!AGGREGATIONS.includes(rawAgg as Aggregation)) return `agg: must be one of ${AGGREGATIONS.join(', ')}`;
    if (step === undefined) return 'agg: needs a step (ms)';
    agg = rawAgg as Aggregation;
  }
  if (step !== undefined && agg === undefined) agg = 'avg';
  return step === undefined ? { from, to } : { from, to, step, agg };
}
