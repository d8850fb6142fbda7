import type { PeriodKind } from '@app/contracts';
import { DateTime } from 'luxon';

/** Periods follow the calendar of the province (UTC+7, no daylight saving). */
export const PERIOD_ZONE = 'Asia/Ho_Chi_Minh';

export type CalendarPeriodKind = Exclude<PeriodKind, 'none'>;

/** One calendar period: `[start, end)` in ms, and its label (`2026-10`, `2026-Q3`, `2026`, `2026-10-05`). */
export interface Period {
  kind: CalendarPeriodKind;
  label: string;
  start: number;
  end: number;
}

/** A `period` string that does not parse, or does not match the indicator's kind. */
export class PeriodError extends Error {}

const EXPECTED: Record<CalendarPeriodKind, string> = {
  day: 'YYYY-MM-DD, e.g. 2026-10-05',
  month: 'YYYY-MM, e.g. 2026-10',
  quarter: 'YYYY-Qn with n 1-4, e.g. 2026-Q3',
  year: 'YYYY, e.g. 2026',
};

const UNIT: Record<CalendarPeriodKind, 'day' | 'month' | 'quarter' | 'year'> = {
  day: 'day',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

const SHAPES: { kind: CalendarPeriodKind; re: RegExp }[] = [
  { kind: 'day', re: /^(\d{4})-(\d{2})-(\d{2})$/ },
  { kind: 'month', re: /^(\d{4})-(\d{2})$/ },
  { kind: 'quarter', re: /^(\d{4})-Q(\d+)$/i },
  { kind: 'year', re: /^(\d{4})$/ },
];

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

function periodFrom(kind: CalendarPeriodKind, start: DateTime): Period {
  const s = start.startOf(UNIT[kind]);
  return { kind, label: formatPeriodLabel(kind, s), start: s.toMillis(), end: s.plus({ [UNIT[kind]]: 1 }).toMillis() };
}

function formatPeriodLabel(kind: CalendarPeriodKind, d: DateTime): string {
  switch (kind) {
    case 'day':
      return d.toFormat('yyyy-MM-dd');
    case 'month':
      return d.toFormat('yyyy-MM');
    case 'quarter':
      return `${d.toFormat('yyyy')}-Q${d.quarter}`;
    case 'year':
      return d.toFormat('yyyy');
  }
}

/*
 * Calendar arithmetic with luxon in the province's zone costs tens of microseconds a call (far more on
 * a loaded machine), and intake does it for every period point: a backfill of 30,000 monthly reports
 * asks the same few hundred periods over and over. Parsed strings and recently seen periods are kept
 * (bounded); the answers are the same objects for the same period, so callers must not change them.
 */
const PARSED_KEPT = 10_000;
const parsed = new Map<string, Period>();
const RECENT_KEPT = 64;
const recent: Record<CalendarPeriodKind, Period[]> = { day: [], month: [], quarter: [], year: [] };

/**
 * Parses a period string for an indicator reported per `kind`. Throws a `PeriodError` whose message
 * says what was wrong and what was expected.
 */
export function parsePeriod(kind: CalendarPeriodKind, text: string): Period {
  const key = `${kind}|${text}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const p = parsePeriodOnce(kind, text);
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(key, p);
  return p;
}

function parsePeriodOnce(kind: CalendarPeriodKind, text: string): Period {
  const s = String(text).trim();
  const shape = SHAPES.find((x) => x.re.test(s));
  if (!shape) throw new PeriodError(`"${s}" is not a period: expected ${EXPECTED[kind]}`);
  if (shape.kind !== kind) {
    throw new PeriodError(
      `"${s}" is a ${shape.kind}, but the indicator is reported per ${kind}: expected ${EXPECTED[kind]}`,
    );
  }
  const m = shape.re.exec(s)!;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) throw new PeriodError(`"${s}": the year must be ${MIN_YEAR}-${MAX_YEAR}`);
  let start: DateTime;
  if (kind === 'year') start = DateTime.fromObject({ year }, { zone: PERIOD_ZONE });
  else if (kind === 'quarter') {
    const q = Number(m[2]);
    if (q < 1 || q > 4) throw new PeriodError(`"${s}": quarter ${q} does not exist: expected ${EXPECTED.quarter}`);
    start = DateTime.fromObject({ year, month: (q - 1) * 3 + 1 }, { zone: PERIOD_ZONE });
  } else {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new PeriodError(`"${s}": month ${m[2]} does not exist (months are 01-12)`);
    if (kind === 'month') start = DateTime.fromObject({ year, month }, { zone: PERIOD_ZONE });
    else {
      const day = Number(m[3]);
      start = DateTime.fromObject({ year, month, day }, { zone: PERIOD_ZONE });
      if (!start.isValid) throw new PeriodError(`"${s}": day ${m[3]} does not exist in ${m[1]}-${m[2]}`);
    }
  }
  return periodFrom(kind, start);
}

/** Parses a period string of any kind, telling the kind from its shape (`2026-10` is a month). */
export function parseAnyPeriod(text: string): Period {
  const s = String(text).trim();
  const shape = SHAPES.find((x) => x.re.test(s));
  if (!shape) throw new PeriodError(`"${s}" is not a period: expected YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY`);
  return parsePeriod(shape.kind, s);
}

const RANK: Record<CalendarPeriodKind, number> = { day: 0, month: 1, quarter: 2, year: 3 };

/** Is a period of kind `a` at least as long as one of kind `b` (a year covers a month)? */
export function coversKind(a: CalendarPeriodKind, b: CalendarPeriodKind): boolean {
  return RANK[a] >= RANK[b];
}

/** The period of `kind` that contains the instant `ts` (ms), in the province's calendar. */
export function periodOf(kind: CalendarPeriodKind, ts: number): Period {
  const seen = recent[kind];
  for (const p of seen) if (ts >= p.start && ts < p.end) return p;
  const p = periodFrom(kind, DateTime.fromMillis(ts, { zone: PERIOD_ZONE }));
  if (seen.length >= RECENT_KEPT) seen.shift();
  seen.push(p);
  return p;
}

/** The period `n` periods after `p` (negative: before). */
export function shiftPeriod(p: Period, n: number): Period {
  return periodFrom(p.kind, DateTime.fromMillis(p.start, { zone: PERIOD_ZONE }).plus({ [UNIT[p.kind]]: n }));
}

export function previousPeriod(p: Period): Period {
  return shiftPeriod(p, -1);
}

/** The same period a year earlier (for a day: the same calendar date; 29 February → 28 February). */
export function sameLastYear(p: Period): Period {
  return periodFrom(p.kind, DateTime.fromMillis(p.start, { zone: PERIOD_ZONE }).minus({ years: 1 }));
}

/** The label of the period of `kind` that starts at or contains `ts`. */
export function formatPeriod(kind: CalendarPeriodKind, ts: number): string {
  return periodOf(kind, ts).label;
}

/** The periods from `from` to `to`, both included, oldest first (at most `limit`). */
export function periodsBetween(from: Period, to: Period, limit = 100_000): Period[] {
  const out: Period[] = [];
  for (let p = from; p.start <= to.start && out.length < limit; p = shiftPeriod(p, 1)) out.push(p);
  return out;
}

export function isCalendarPeriod(kind: PeriodKind | undefined | null): kind is CalendarPeriodKind {
  return kind === 'day' || kind === 'month' || kind === 'quarter' || kind === 'year';
}
