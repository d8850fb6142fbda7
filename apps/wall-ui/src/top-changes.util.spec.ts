import type { IndicatorInfo } from '@app/contracts';
import { topChanges } from './top-changes.util';
import type { SeriesView } from './wall-store';

const view = (indicator: string, scope: string, value: number, previous: number | null): SeriesView => ({
  indicator,
  scope,
  value,
  previous,
  ts: 1,
  changedAt: 1,
  revised: false,
  gapMs: null,
});
const indicators = new Map(['a', 'b', 'c', 'd'].map((code) => [code, { code } as IndicatorInfo]));

describe('topChanges', () => {
  it('ranks the scope’s series by the size of their change, either way', () => {
    const rows = topChanges(
      [
        view('a', 'P', 110, 100), // +10 %
        view('b', 'P', 50, 100), // −50 %
        view('c', 'P', -30, -20), // −10 of |−20|: −50 %
        view('d', 'D1', 1000, 1), // another scope
        view('a', 'P2', 1, null),
        view('unknown', 'P', 10, 1),
        view('c', 'P0', 5, 0), // from zero: no percentage
      ],
      'P',
      indicators,
      2,
    );
    expect(rows.map((r) => [r.indicator.code, r.pct])).toEqual([
      ['b', -50],
      ['c', -50],
    ]);
  });
});
