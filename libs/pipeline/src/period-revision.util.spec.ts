import type { PeriodReport } from '@app/contracts';
import {
  largeRevisionLine,
  livePoints,
  type PeriodRevision,
  periodRevisions,
  revisionEntries,
  revisionPct,
} from './period-revision.util';

const points = [
  { indicator: 'env.aqi', scope: '718', ts: 1, value: 80 },
  { indicator: 'finance.budget', scope: '718', ts: 100, value: 41.2 },
  { indicator: 'finance.budget', scope: '718', ts: 100, value: 52 },
];
const reports: PeriodReport[] = [
  { index: 1, period: '2026-10', reportedAt: 1000, by: 'district 718' },
  { index: 2, period: '2026-10', reportedAt: 1000, by: 'district 718' },
];

describe('period reports of a stored batch', () => {
  it('revision entries and outcomes line up with the reported points', () => {
    expect(revisionEntries(points, reports)).toEqual([
      { indicator: 'finance.budget', scope: '718', ts: 100, value: 41.2, reportedAt: 1000, by: 'district 718' },
      { indicator: 'finance.budget', scope: '718', ts: 100, value: 52, reportedAt: 1000, by: 'district 718' },
    ]);
    const revs = periodRevisions(points, reports, [
      { appended: true, revised: false, previous: null },
      { appended: true, revised: true, previous: 41.2 },
    ]);
    expect(revs[1]).toEqual({
      indicator: 'finance.budget',
      scope: '718',
      ts: 100,
      value: 52,
      period: '2026-10',
      by: 'district 718',
      reportedAt: 1000,
      appended: true,
      revised: true,
      previous: 41.2,
    });
  });

  it('only the reported points get period and revised; stream points stay as they are', () => {
    const revs = periodRevisions(points, reports, [
      { appended: true, revised: false, previous: null },
      { appended: true, revised: true, previous: 41.2 },
    ]);
    const live = livePoints(points, reports, revs);
    expect(live[0]).toBe(points[0]);
    expect(Object.keys(live[0])).toEqual(['indicator', 'scope', 'ts', 'value']);
    expect(live[1]).toEqual({ ...points[1], period: '2026-10', revised: false });
    expect(live[2]).toEqual({ ...points[2], period: '2026-10', revised: true });
    expect(points[1]).not.toHaveProperty('period');
  });

  it('revisionPct against the replaced value', () => {
    expect(revisionPct(41.2, 52)).toBeCloseTo(26.21, 2);
    expect(revisionPct(-10, -5)).toBe(50);
    expect(revisionPct(0, 0)).toBe(0);
    expect(revisionPct(0, 3)).toBe(Infinity);
    expect(revisionPct(0, -3)).toBe(-Infinity);
  });

  it('a warning line only for a revision logged now that moved the value by more than the share', () => {
    const rev = (over: Partial<PeriodRevision>): PeriodRevision => ({
      indicator: 'finance.budget',
      scope: '718',
      ts: 100,
      value: 52,
      period: '2026-10',
      by: 'district 718',
      reportedAt: 1000,
      appended: true,
      revised: true,
      previous: 41.2,
      ...over,
    });
    expect(largeRevisionLine(rev({}), 10)).toBe(
      'large revision: finance.budget 718 period 2026-10: 41.2 → 52 (+26.2 %, more than 10 %) by district 718',
    );
    expect(largeRevisionLine(rev({ value: 20, previous: 40 }), 10)).toContain('40 → 20 (-50.0 %');
    expect(largeRevisionLine(rev({ previous: 0, value: 3 }), 10)).toContain('0 → 3 (from 0');
    expect(largeRevisionLine(rev({}), 30)).toBeNull();
    expect(largeRevisionLine(rev({ appended: false }), 10)).toBeNull();
    expect(largeRevisionLine(rev({ previous: null, revised: false }), 10)).toBeNull();
  });
});
