import { nextPeriodStart, periodOf } from './period.util';

describe('periodOf (UTC+7 calendar)', () => {
  it('names the period that holds ts', () => {
    const ts = Date.parse('2026-10-05T12:00:00+07:00');
    expect(periodOf('month', ts)).toBe('2026-10');
    expect(periodOf('quarter', ts)).toBe('2026-Q4');
    expect(periodOf('year', ts)).toBe('2026');
    expect(periodOf('day', ts)).toBe('2026-10-05');
  });
  it('puts UTC evening into the next Vietnamese day, month and year', () => {
    const ts = Date.parse('2026-12-31T17:30:00Z'); // 00:30 on 1 January 2027 in Hà Nội
    expect(periodOf('day', ts)).toBe('2027-01-01');
    expect(periodOf('month', ts)).toBe('2027-01');
    expect(periodOf('year', ts)).toBe('2027');
    expect(periodOf('month', Date.parse('2026-12-31T16:59:59Z'))).toBe('2026-12');
  });
  it('finds where the next period starts', () => {
    const ts = Date.parse('2026-11-15T00:00:00+07:00');
    expect(nextPeriodStart('month', ts)).toBe(Date.parse('2026-12-01T00:00:00+07:00'));
    expect(nextPeriodStart('quarter', ts)).toBe(Date.parse('2027-01-01T00:00:00+07:00'));
    expect(nextPeriodStart('year', ts)).toBe(Date.parse('2027-01-01T00:00:00+07:00'));
    expect(nextPeriodStart('day', ts)).toBe(Date.parse('2026-11-16T00:00:00+07:00'));
  });
});
