import {
  type CalendarPeriodKind,
  type Period,
  parsePeriod,
  periodOf,
  periodsBetween,
  previousPeriod,
  sameLastYear,
} from '@app/catalogue';

/** Distinct keys a memo keeps before it starts again (a wall asks a few dozen periods over and over). */
const MEMO_SIZE = 10_000;

/**
 * Remembers the results of a pure function of a string key, up to MEMO_SIZE keys (then it starts
 * afresh). A throw is not remembered: a bad period string is refused again with the same message.
 */
export function memo<T>(fn: (key: string) => T, size = MEMO_SIZE): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      if (cache.size >= size) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}

/** The periods a summary compares: the period, the previous one, the same last year, the year to date. */
export interface SummaryPeriods {
  period: Period;
  previous: Period;
  lastYear: Period;
  /** The periods of the year up to and including `period`, oldest first. */
  yearToDate: Period[];
  /** The calendar year `period` is in. */
  year: number;
}

/**
 * Calendar arithmetic (luxon in the province's time zone) costs tens of microseconds an operation, and
 * a summary needs about twenty: remembered per kind and period string, since the same wall asks the
 * same periods every few seconds. Throws a PeriodError for a bad string, as parsePeriod does.
 */
export const summaryPeriods = memo((key: string): SummaryPeriods => {
  const sep = key.indexOf('|');
  const kind = key.slice(0, sep) as CalendarPeriodKind;
  const period = parsePeriod(kind, key.slice(sep + 1));
  const yearStart = periodOf('year', period.start);
  return {
    period,
    previous: previousPeriod(period),
    lastYear: sameLastYear(period),
    yearToDate: periodsBetween(periodOf(kind, yearStart.start), period),
    year: Number(yearStart.label),
  };
});

/** The period of `kind` that contains the instant `ts`, remembered (the reporting calendar asks it per indicator). */
const periodOfKey = memo((key: string): Period => {
  const sep = key.indexOf('|');
  return periodOf(key.slice(0, sep) as CalendarPeriodKind, Number(key.slice(sep + 1)));
});
export const periodOfMemo = (kind: CalendarPeriodKind, ts: number): Period => periodOfKey(`${kind}|${ts}`);

/** The periods from `from` to `to` (at most `limit`), remembered: a 10-year `periods` answer is 120 shifts. */
const betweenKey = memo((key: string): Period[] => {
  const [kind, from, to, limit] = key.split('|');
  const k = kind as CalendarPeriodKind;
  return periodsBetween(periodOf(k, Number(from)), periodOf(k, Number(to)), Number(limit));
}, 1000);
export const periodsBetweenMemo = (from: Period, to: Period, limit: number): Period[] =>
  betweenKey(`${from.kind}|${from.start}|${to.start}|${limit}`);
