import { parsePeriod, PeriodError, periodOf, periodsBetween, previousPeriod, sameLastYear } from '@app/catalogue';
import { memo, periodOfMemo, periodsBetweenMemo, summaryPeriods } from './period-memo.util';

describe('summaryPeriods (remembered calendar arithmetic)', () => {
  it.each([
    ['month', '2026-01', 1],
    ['month', '2026-10', 10],
    ['month', '2024-02', 2],
    ['quarter', '2026-Q1', 1],
    ['quarter', '2026-Q4', 4],
    ['year', '2025', 1],
  ] as const)('%s %s: the same periods as computed directly, %i of them to date', (kind, label, n) => {
    for (let round = 0; round < 2; round++) {
      const s = summaryPeriods(`${kind}|${label}`);
      const p = parsePeriod(kind, label);
      expect(s.period).toEqual(p);
      expect(s.previous).toEqual(previousPeriod(p));
      expect(s.lastYear).toEqual(sameLastYear(p));
      expect(s.year).toBe(Number(label.slice(0, 4)));
      expect(s.yearToDate).toEqual(periodsBetween(periodOf(kind, periodOf('year', p.start).start), p));
      expect(s.yearToDate).toHaveLength(n);
    }
  });

  it('refuses a bad period every time (a throw is not remembered)', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => summaryPeriods('month|2026-13')).toThrow(PeriodError);
      expect(() => summaryPeriods('month|2026-13')).toThrow(/month 13 does not exist/);
      expect(() => summaryPeriods('year|2026-10')).toThrow(/is a month, but the indicator is reported per year/);
    }
  });

  it('periodOfMemo and periodsBetweenMemo answer as periodOf and periodsBetween', () => {
    const ts = Date.UTC(2026, 9, 31, 17, 0, 0); // 2026-11-01T00:00+07:00: November, Q4
    expect(periodOfMemo('month', ts)).toEqual(periodOf('month', ts));
    expect(periodOfMemo('month', ts).label).toBe('2026-11');
    expect(periodOfMemo('quarter', ts - 1).label).toBe('2026-Q4');
    const from = parsePeriod('month', '2016-01');
    const to = parsePeriod('month', '2026-12');
    expect(periodsBetweenMemo(from, to, 1201)).toEqual(periodsBetween(from, to, 1201));
    expect(periodsBetweenMemo(from, to, 5)).toHaveLength(5);
  });
});

describe('memo', () => {
  it('calls the function once per key, and starts afresh when full', () => {
    const calls: string[] = [];
    const f = memo((k: string) => {
      calls.push(k);
      return k.length;
    }, 2);
    expect([f('a'), f('a'), f('bb'), f('a')]).toEqual([1, 1, 2, 1]);
    expect(calls).toEqual(['a', 'bb']);
    f('ccc'); // full: starts afresh with ccc
    f('a');
    expect(calls).toEqual(['a', 'bb', 'ccc', 'a']);
  });
});
