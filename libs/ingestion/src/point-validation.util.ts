import { isCalendarPeriod, parsePeriod, PeriodError, periodOf } from '@app/catalogue';
import type { IndicatorPoint, PeriodKind, RejectedPoint } from '@app/contracts';
import { isSaneTimestamp, rawExpiresAt } from '@app/timeseries';

const DAY_MS = 86_400_000;

/** What the per-point checks need to know; the ingest service builds it from the catalogue and the key. */
export interface PointCheckContext {
  indicatorExists(code: string): boolean;
  scopeExists(code: string): boolean;
  /** May this key write to this (known) scope? */
  scopeAllowed(code: string): boolean;
  /** Raw retention of this (known) indicator, in ms (asked once per point: make it cheap). */
  rawRetentionMs(indicator: string): number;
  /** How often this (known) indicator is reported (`none`: a stream; absent: every indicator is a stream). */
  periodKind?(indicator: string): PeriodKind;
  /** The time the checks are made at, epoch ms. */
  now: number;
}

export interface PointCheckResult {
  accepted: IndicatorPoint[];
  rejected: RejectedPoint[];
}

/** ISO-8601 date-time with an explicit offset (Z or ±hh:mm / ±hhmm), its components captured. */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

/** Parses an input timestamp: epoch ms (a positive integer) or an ISO string with an offset. */
export function parseTimestamp(raw: unknown): number | string {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return 'ts: must be a finite number of epoch milliseconds';
    if (!Number.isInteger(raw)) return 'ts: epoch milliseconds must be a whole number';
    if (raw <= 0) return `ts: ${raw} is not after 1970-01-01T00:00:00Z; epoch milliseconds must be positive`;
    return raw;
  }
  if (typeof raw === 'string') {
    const ms = parseIsoTimestamp(raw);
    if (typeof ms === 'string') return ms;
    if (ms <= 0) return `ts: "${clip(raw)}" is not after 1970-01-01T00:00:00Z`;
    return ms;
  }
  if (raw === undefined) return 'ts: missing (epoch milliseconds or an ISO-8601 string with an offset)';
  return `ts: must be epoch milliseconds or an ISO-8601 string with an offset, not ${describe(raw)}`;
}

/**
 * An ISO-8601 date-time with an offset as epoch ms, or the reason it is refused. The components must
 * round-trip through a UTC date (Date.parse would roll 30 February over into March).
 */
function parseIsoTimestamp(raw: string): number | string {
  const m = ISO_WITH_OFFSET.exec(raw);
  if (!m) {
    return `ts: "${clip(raw)}" is not an ISO-8601 date-time with an offset (e.g. 2026-11-23T08:00:00+07:00) nor epoch milliseconds`;
  }
  const [year, month, day, hour, minute, second = 0] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const problem = calendarProblem(year, month, day, hour, minute, second);
  if (problem) return `ts: "${clip(raw)}" is not a real calendar date (${problem})`;
  let offsetMs = 0;
  if (m[8]) {
    const offsetHours = Number(m[9]);
    const offsetMinutes = Number(m[10]);
    if (offsetHours > 23 || offsetMinutes > 59) {
      return `ts: "${clip(raw)}" has an impossible UTC offset (hours 00-23, minutes 00-59)`;
    }
    offsetMs = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return utcDate(year, month, day, hour, minute, second, millis).getTime() - offsetMs;
}

/** Why these date and time components are not a real UTC date-time (they do not round-trip), or null. */
export function calendarProblem(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | null {
  const d = utcDate(year, month, day, hour, minute, second, 0);
  if (
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second
  ) {
    return null;
  }
  if (month < 1 || month > 12) return 'month must be 01 to 12';
  const daysInMonth = utcDate(year, month + 1, 0, 0, 0, 0, 0).getUTCDate();
  if (day < 1 || day > daysInMonth)
    return `day ${pad2(day)} does not exist: ${year}-${pad2(month)} has ${daysInMonth} days`;
  if (hour > 23) return 'hour must be 00 to 23';
  if (minute > 59) return 'minute must be 00 to 59';
  return 'second must be 00 to 59';
}

/** A UTC date from components, years 0-99 included (Date.UTC would map them to 1900-1999). */
function utcDate(year: number, month: number, day: number, h: number, min: number, s: number, ms: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, min, s, ms);
  return d;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Why a parsed ts cannot be accepted, or null: outside the accepted window, or already past the raw
 * retention (`rawMs`) of its indicator, so it could never be read back.
 */
export function timestampProblem(ts: number, rawMs: number, now: number): string | null {
  if (!isSaneTimestamp(ts, now)) return `ts: ${describeTs(ts)} is outside the accepted time window (docs/storage.md)`;
  if (rawExpiresAt(ts, rawMs) <= now) {
    return `ts: ${describeTs(ts)} is older than this indicator's raw retention (${formatDays(rawMs)})`;
  }
  return null;
}

/** Checks one raw point; returns the point or the reason it is rejected. */
export function checkPoint(raw: unknown, ctx: PointCheckContext): IndicatorPoint | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `point must be an object {indicator, scope, ts, value}, not ${describe(raw)}`;
  }
  const p = raw as Record<string, unknown>;
  const { indicator, scope, value } = p;
  if (typeof indicator !== 'string' || indicator === '') return 'indicator: missing or not a string';
  if (typeof scope !== 'string' || scope === '') return 'scope: missing or not a string';
  if (typeof value !== 'number') {
    return value === undefined ? 'value: missing' : `value: must be a finite JSON number, not ${describe(value)}`;
  }
  if (!Number.isFinite(value)) return 'value: must be a finite number';
  if (p.period !== undefined) return checkPeriodPoint(p, indicator, scope, value, ctx);
  let ts = parseTimestamp(p.ts);
  if (typeof ts === 'string') return ts;
  if (!ctx.indicatorExists(indicator)) return `indicator: unknown indicator "${clip(indicator)}"`;
  if (!ctx.scopeExists(scope)) return `scope: unknown scope "${clip(scope)}"`;
  if (!ctx.scopeAllowed(scope)) return `scope: "${clip(scope)}" is not allowed for this key`;
  const kind = ctx.periodKind?.(indicator) ?? 'none';
  if (isCalendarPeriod(kind)) {
    // A period indicator's value is one point at the start of the period that contains ts.
    const period = periodOf(kind, ts);
    if (period.start > ctx.now)
      return `ts: ${describeTs(ts)} is in ${period.label}, which has not started yet ${PLAN_HINT}`;
    ts = period.start;
  }
  const tsProblem = timestampProblem(ts, ctx.rawRetentionMs(indicator), ctx.now);
  if (tsProblem) return tsProblem;
  return { indicator, scope, ts, value };
}

const PLAN_HINT = '(a figure for a future period is a plan: PUT /api/v1/plans/:indicator/:scope/:year)';

/** A point that gives `period` instead of `ts`: stored as one point at the period's start. */
function checkPeriodPoint(
  p: Record<string, unknown>,
  indicator: string,
  scope: string,
  value: number,
  ctx: PointCheckContext,
): IndicatorPoint | string {
  if (typeof p.period !== 'string') return `period: must be a string such as "2026-10", not ${describe(p.period)}`;
  if (p.ts !== undefined) return 'period: give either ts or period, not both';
  if (!ctx.indicatorExists(indicator)) return `indicator: unknown indicator "${clip(indicator)}"`;
  if (!ctx.scopeExists(scope)) return `scope: unknown scope "${clip(scope)}"`;
  if (!ctx.scopeAllowed(scope)) return `scope: "${clip(scope)}" is not allowed for this key`;
  const kind = ctx.periodKind?.(indicator) ?? 'none';
  if (!isCalendarPeriod(kind)) {
    return `period: indicator "${clip(indicator)}" is a stream (period "none"): give ts, not period`;
  }
  let start: number;
  let label: string;
  try {
    ({ start, label } = parsePeriod(kind, clip(p.period)));
  } catch (e) {
    if (e instanceof PeriodError) return `period: ${e.message}`;
    throw e;
  }
  if (start > ctx.now) return `period: ${label} has not started yet ${PLAN_HINT}`;
  const tsProblem = timestampProblem(start, ctx.rawRetentionMs(indicator), ctx.now);
  if (tsProblem) return `period: ${label} ${tsProblem}`;
  return { indicator, scope, ts: start, value };
}

/** Checks every point; one bad point never sinks the others. */
export function checkPoints(points: readonly unknown[], ctx: PointCheckContext): PointCheckResult {
  const accepted: IndicatorPoint[] = [];
  const rejected: RejectedPoint[] = [];
  for (let index = 0; index < points.length; index++) {
    const result = checkPoint(points[index], ctx);
    if (typeof result === 'string') rejected.push({ index, reason: result });
    else accepted.push(result);
  }
  return { accepted, rejected };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string "${clip(v)}"`;
  return `a ${typeof v}`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function describeTs(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? String(ts) : d.toISOString();
}

function formatDays(ms: number): string {
  const days = ms / DAY_MS;
  return `${Number.isInteger(days) ? days : days.toFixed(2)} days`;
}
