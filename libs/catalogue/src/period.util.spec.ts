import {
  formatPeriod,
  parsePeriod,
  PeriodError,
  periodOf,
  periodsBetween,
  previousPeriod,
  sameLastYear,
  shiftPeriod,
} from './period.util';

const at = (iso: string) => Date.parse(iso);

describe('period arithmetic (Asia/Ho_Chi_Minh)', () => {
  it('parses each kind to its start and end at local midnight (UTC+7)', () => {
    expect(parsePeriod('month', '2026-10')).toEqual({
      kind: 'month',
      label: '2026-10',
      start: at('2026-10-01T00:00:00+07:00'),
      end: at('2026-11-01T00:00:00+07:00'),
    });
    expect(parsePeriod('quarter', '2026-Q3')).toMatchObject({
      start: at('2026-07-01T00:00:00+07:00'),
      end: at('2026-10-01T00:00:00+07:00'),
    });
    expect(parsePeriod('year', '2026')).toMatchObject({
      start: at('2026-01-01T00:00:00+07:00'),
      end: at('2027-01-01T00:00:00+07:00'),
    });
    expect(parsePeriod('day', '2026-10-05')).toMatchObject({
      start: at('2026-10-05T00:00:00+07:00'),
      end: at('2026-10-06T00:00:00+07:00'),
    });
  });

  it('month, quarter and year edges', () => {
    expect(parsePeriod('month', '2026-12').end).toBe(at('2027-01-01T00:00:00+07:00'));
    expect(parsePeriod('quarter', '2026-Q4').end).toBe(at('2027-01-01T00:00:00+07:00'));
    expect(parsePeriod('quarter', '2026-Q1').start).toBe(at('2026-01-01T00:00:00+07:00'));
    expect(periodOf('quarter', at('2026-03-31T23:59:59.999+07:00')).label).toBe('2026-Q1');
    expect(periodOf('quarter', at('2026-04-01T00:00:00+07:00')).label).toBe('2026-Q2');
    expect(previousPeriod(parsePeriod('month', '2026-01')).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('quarter', '2026-Q1')).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('year', '2026')).label).toBe('2025');
    expect(shiftPeriod(parsePeriod('month', '2026-11'), 2).label).toBe('2027-01');
    expect(sameLastYear(parsePeriod('quarter', '2026-Q3')).label).toBe('2025-Q3');
  });

  it('leap years', () => {
    expect(parsePeriod('day', '2024-02-29').end).toBe(at('2024-03-01T00:00:00+07:00'));
    expect(parsePeriod('month', '2024-02').end - parsePeriod('month', '2024-02').start).toBe(29 * 86_400_000);
    expect(parsePeriod('month', '2026-02').end - parsePeriod('month', '2026-02').start).toBe(28 * 86_400_000);
    expect(parsePeriod('year', '2024').end - parsePeriod('year', '2024').start).toBe(366 * 86_400_000);
    expect(sameLastYear(parsePeriod('day', '2024-02-29')).label).toBe('2023-02-28');
    expect(() => parsePeriod('day', '2026-02-29')).toThrow('day 29 does not exist in 2026-02');
  });

  it('the UTC+7 midnight edge: 17:00 UTC is already the next local day, month and year', () => {
    expect(formatPeriod('day', at('2026-10-31T16:59:59.999Z'))).toBe('2026-10-31');
    expect(formatPeriod('day', at('2026-10-31T17:00:00Z'))).toBe('2026-11-01');
    expect(formatPeriod('month', at('2026-10-31T17:00:00Z'))).toBe('2026-11');
    expect(formatPeriod('year', at('2026-12-31T17:00:00Z'))).toBe('2027');
    expect(formatPeriod('year', at('2026-12-31T16:59:59Z'))).toBe('2026');
    expect(periodOf('month', at('2026-10-01T00:00:00+07:00')).start).toBe(at('2026-09-30T17:00:00Z'));
  });

  it('lists the periods between two, both included', () => {
    expect(
      periodsBetween(parsePeriod('month', '2025-11'), parsePeriod('month', '2026-02')).map((p) => p.label),
    ).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodsBetween(parsePeriod('year', '2026'), parsePeriod('year', '2025'))).toEqual([]);
  });

  it('rejects bad strings with a readable reason', () => {
    expect(() => parsePeriod('month', '2026-13')).toThrow(PeriodError);
    expect(() => parsePeriod('month', '2026-13')).toThrow('month 13 does not exist (months are 01-12)');
    expect(() => parsePeriod('month', '2026-00')).toThrow('month 00 does not exist');
    expect(() => parsePeriod('quarter', '2026-Q5')).toThrow('quarter 5 does not exist: expected YYYY-Qn with n 1-4');
    expect(() => parsePeriod('year', '2026-10')).toThrow(
      '"2026-10" is a month, but the indicator is reported per year: expected YYYY',
    );
    expect(() => parsePeriod('month', 'Oct 2026')).toThrow('"Oct 2026" is not a period: expected YYYY-MM');
    expect(() => parsePeriod('day', '2026-10-32')).toThrow('day 32 does not exist in 2026-10');
    expect(() => parsePeriod('year', '1800')).toThrow('the year must be 1900-9999');
  });
});
