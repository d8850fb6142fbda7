import { isStale } from './staleness.util';

const at = (iso: string) => Date.parse(iso);

describe('isStale', () => {
  it('a stream: after three of its gaps, never before 10 minutes', () => {
    const now = at('2026-10-05T12:00:00+07:00');
    const stream = { period: 'none' as const };
    expect(isStale(stream, now - 9 * 60_000, now)).toBe(false);
    expect(isStale(stream, now - 11 * 60_000, now)).toBe(true);
    expect(isStale(stream, now - 50 * 60_000, now, 20 * 60_000)).toBe(false);
    expect(isStale(stream, now - 61 * 60_000, now, 20 * 60_000)).toBe(true);
    expect(isStale({}, now - 11 * 60_000, now)).toBe(true);
  });
  it('a monthly figure: last month is expected once its report is due', () => {
    const monthly = { period: 'month' as const, dueDays: 10 };
    const september = at('2026-09-01T00:00:00+07:00');
    const august = at('2026-08-01T00:00:00+07:00');
    // 5 October: September's report is not due before 10 October, August's is enough.
    expect(isStale(monthly, august, at('2026-10-05T12:00:00+07:00'))).toBe(false);
    // 12 October: September's report is due.
    expect(isStale(monthly, august, at('2026-10-12T12:00:00+07:00'))).toBe(true);
    expect(isStale(monthly, september, at('2026-10-12T12:00:00+07:00'))).toBe(false);
    expect(isStale(monthly, at('2026-07-01T00:00:00+07:00'), at('2026-10-05T12:00:00+07:00'))).toBe(true);
  });
  it('a yearly figure with no grace days', () => {
    const yearly = { period: 'year' as const, dueDays: 0 };
    expect(isStale(yearly, at('2025-01-01T00:00:00+07:00'), at('2026-03-01T00:00:00+07:00'))).toBe(false);
    expect(isStale(yearly, at('2024-01-01T00:00:00+07:00'), at('2026-03-01T00:00:00+07:00'))).toBe(true);
  });
});
