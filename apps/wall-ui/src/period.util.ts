import type { PeriodKind } from '@app/contracts';

/** Periods follow the Asia/Ho_Chi_Minh calendar: UTC+7 all year (no daylight saving). */
const OFFSET_MS = 7 * 3600_000;

export type CalendarPeriodKind = Exclude<PeriodKind, 'none'>;

/** The period (`2026-10`, `2026-Q4`, `2026`, `2026-10-05`) of `kind` that contains `ts`. */
export function periodOf(kind: CalendarPeriodKind, ts: number): string {
  const d = new Date(ts + OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  switch (kind) {
    case 'year':
      return String(y);
    case 'quarter':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'month':
      return `${y}-${pad(m)}`;
    case 'day':
      return `${y}-${pad(m)}-${pad(d.getUTCDate())}`;
  }
}

/** The start (epoch ms) of the period that contains `ts`. */
export function periodStart(kind: CalendarPeriodKind, ts: number): number {
  const d = new Date(ts + OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const start = {
    year: () => Date.UTC(y, 0, 1),
    quarter: () => Date.UTC(y, Math.floor(m / 3) * 3, 1),
    month: () => Date.UTC(y, m, 1),
    day: () => Date.UTC(y, m, d.getUTCDate()),
  }[kind]();
  return start - OFFSET_MS;
}

/** The start (epoch ms) of the period after the one that contains `ts`. */
export function nextPeriodStart(kind: CalendarPeriodKind, ts: number): number {
  const d = new Date(ts + OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  let next: number;
  switch (kind) {
    case 'year':
      next = Date.UTC(y + 1, 0, 1);
      break;
    case 'quarter':
      next = Date.UTC(y, Math.floor(m / 3) * 3 + 3, 1);
      break;
    case 'month':
      next = Date.UTC(y, m + 1, 1);
      break;
    case 'day':
      next = Date.UTC(y, m, d.getUTCDate() + 1);
      break;
  }
  return next - OFFSET_MS;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
