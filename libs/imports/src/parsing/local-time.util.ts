import { calendarProblem, parseTimestamp } from '@app/ingestion';

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time since 1975): a fixed offset. */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** Excel's day 0 (1899-12-30, which absorbs Excel's 1900 leap-year bug for serials from 61 on) as epoch days. */
const EXCEL_EPOCH_DAYS = 25_569;
/** Serials at most this: Excel's last date is 9999-12-31 (2,958,465). */
const MAX_EXCEL_SERIAL = 2_958_466;
/** Epoch ms at least this (1973-03-03): smaller whole numbers are not read as epoch ms. */
const MIN_EPOCH_MS = 100_000_000_000;

/** Epoch ms of a wall-clock time in Vietnam, or a reason when it is not a real calendar date. */
export function vietnamLocalTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number | string {
  const problem = calendarProblem(year, month, day, hour, minute, second);
  if (problem) return problem;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() - VIETNAM_OFFSET_MS;
}

/** Epoch ms of an Excel serial date (days since 1899-12-30, the fraction the time of day), read in Vietnam time. */
export function excelSerialToMs(serial: number): number {
  return Math.round((serial - EXCEL_EPOCH_DAYS) * DAY_MS) - VIETNAM_OFFSET_MS;
}

/**
 * A Date that exceljs made from a date cell: it holds the wall-clock time shown in Excel as if it were
 * UTC (a workbook has no time zone). Read in Vietnam time.
 */
export function excelDateToMs(date: Date): number {
  return date.getTime() - VIETNAM_OFFSET_MS;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/i;
const YMD_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

export const DATE_FORMS =
  'dd/mm/yyyy, dd/mm/yyyy hh:mm[:ss], yyyy-mm-dd[ hh:mm[:ss]] (Vietnam time), ISO-8601 with an offset, ' +
  'epoch milliseconds or an Excel serial date';

/**
 * A cell's date and time as epoch ms, or the reason it is not one. Accepts Date objects (XLSX date
 * cells), numbers (an Excel serial below 2,958,466, or epoch milliseconds from 1973 on) and text:
 * `31/10/2026`, `31/10/2026 14:30`, `31-10-2026`, `31.10.2026`, `2026-10-31`, `2026-10-31 14:30:00`
 * (all in Vietnam time, UTC+7), ISO-8601 with an offset, or digits read as a number.
 */
export function parseLocalDate(raw: unknown): number | string {
  if (raw instanceof Date) {
    const ms = raw.getTime();
    return Number.isFinite(ms) ? excelDateToMs(raw) : 'not a valid date';
  }
  if (typeof raw === 'number') return numericDate(raw);
  if (typeof raw !== 'string') return 'empty';
  const text = raw.trim();
  if (text === '') return 'empty';
  if (NUMBER.test(text)) return numericDate(Number(text));
  let m = DMY.exec(text);
  if (m) {
    const [d, mo, y, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    const ms = vietnamLocalTime(y, mo, d, h, mi, s);
    return typeof ms === 'string' ? `"${clip(text)}" is not a real date (${ms})` : ms;
  }
  if (HAS_OFFSET.test(text)) {
    const ms = parseTimestamp(text);
    return typeof ms === 'string' ? ms.replace(/^ts: /, '') : ms;
  }
  m = YMD_LOCAL.exec(text);
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    const ms = vietnamLocalTime(y, mo, d, h, mi, s);
    return typeof ms === 'string' ? `"${clip(text)}" is not a real date (${ms})` : ms;
  }
  return `"${clip(text)}" is not a date (expected ${DATE_FORMS})`;
}

function numericDate(n: number): number | string {
  if (!Number.isFinite(n) || n <= 0) return `${n} is not a date`;
  if (n < MAX_EXCEL_SERIAL) return excelSerialToMs(n);
  if (Number.isInteger(n) && n >= MIN_EPOCH_MS) return n;
  return `${n} is neither an Excel serial date (below ${MAX_EXCEL_SERIAL}) nor epoch milliseconds (epoch seconds? multiply by 1000)`;
}

const YEAR = /^(\d{4})$/;
const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/;
const MONTH_YEAR = /^(?:(?:tháng|thang|T)\s*)?(\d{1,2})[/.-](\d{4})$/i;
const QUARTER_YEAR = /^(?:Q|quý|quy)\s*([1-4]|I{1,3}|IV)\s*[/.\-\s]\s*(\d{4})$/i;
const YEAR_QUARTER = /^(\d{4})\s*-?\s*Q([1-4])$/i;
const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };

/**
 * The start (epoch ms, Vietnam time) of a reporting period: `2026` (a year), `2026-10`, `10/2026`,
 * `tháng 10/2026` (a month), `Q3/2026`, `Q3-2026`, `2026-Q3`, `Quý III/2026` (a quarter), or a day as
 * a date (`31/10/2026`, `2026-10-31`, an XLSX date cell). A number is a year when it looks like one.
 */
export function parsePeriodStart(raw: unknown): number | string {
  if (raw instanceof Date) return parseLocalDate(raw);
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 1900 && raw <= 9999) return vietnamLocalTime(raw, 1, 1) as number;
    return `${raw} is not a period (expected a year, yyyy-mm, mm/yyyy, Qn/yyyy or a date)`;
  }
  if (typeof raw !== 'string' || raw.trim() === '') return 'empty';
  const text = raw.trim().normalize('NFC');
  let m = YEAR.exec(text);
  if (m) return vietnamLocalTime(Number(m[1]), 1, 1);
  m = YEAR_MONTH.exec(text) ?? null;
  if (m) return monthStart(Number(m[1]), Number(m[2]), text);
  m = MONTH_YEAR.exec(text);
  if (m) return monthStart(Number(m[2]), Number(m[1]), text);
  m = QUARTER_YEAR.exec(text);
  if (m) {
    const q = ROMAN[m[1].toUpperCase()] ?? Number(m[1]);
    return vietnamLocalTime(Number(m[2]), (q - 1) * 3 + 1, 1);
  }
  m = YEAR_QUARTER.exec(text);
  if (m) return vietnamLocalTime(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 1);
  const day = parseLocalDate(text);
  if (typeof day === 'number') return day;
  return `"${clip(text)}" is not a period (expected a year 2026, a month 2026-10 or 10/2026, a quarter Q3/2026 or 2026-Q3, or a date)`;
}

function monthStart(year: number, month: number, text: string): number | string {
  if (month < 1 || month > 12) return `"${clip(text)}" is not a period (month must be 1 to 12)`;
  return vietnamLocalTime(year, month, 1);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
