import { changePct, combineChildren, planPct, rankAmong, yearToDate } from './period-summary.util';

describe('period summary arithmetic', () => {
  it('change %', () => {
    expect(changePct(110, 100)).toBeCloseTo(10);
    expect(changePct(90, -100)).toBeCloseTo(190);
    expect(changePct(1, 0)).toBeNull();
    expect(changePct(null, 1)).toBeNull();
  });
  it('year to date by timeAgg', () => {
    expect(yearToDate([1, 2, 3], 'sum')).toBe(6);
    expect(yearToDate([1, 2, 3], 'avg')).toBe(2);
    expect(yearToDate([1, 2, 3], 'last')).toBe(3);
    expect(yearToDate([], 'sum')).toBeNull();
  });
  it('% of plan: ytd for sums, value otherwise', () => {
    expect(planPct('sum', 10, 60, 120)).toBe(50);
    expect(planPct('last', 90, 60, 120)).toBe(75);
    expect(planPct('sum', 10, 60, null)).toBeNull();
    expect(planPct('avg', null, 60, 100)).toBeNull();
  });
  it('rank among siblings by direction', () => {
    expect(rankAmong(5, [5, 7, null, 3], 'up')).toEqual({ position: 2, of: 3 });
    expect(rankAmong(5, [5, 7, null, 3], 'down')).toEqual({ position: 2, of: 3 });
    expect(rankAmong(7, [5, 7, 7], 'up')).toEqual({ position: 1, of: 3 });
    expect(rankAmong(5, [5], null)).toBeUndefined();
    expect(rankAmong(null, [5], 'up')).toBeUndefined();
  });
});

describe('combineChildren', () => {
  it('sums or averages the children that reported, with completeness', () => {
    expect(combineChildren([1, 2, 3], 4, 'sum')).toEqual({ value: 6, reported: 3, expected: 4 });
    expect(combineChildren([1, 2, 3], 3, 'avg')).toEqual({ value: 2, reported: 3, expected: 3 });
    expect(combineChildren([], 3, 'sum')).toEqual({ value: null, reported: 0, expected: 3 });
  });
});
