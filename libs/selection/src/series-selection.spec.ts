import type { IndicatorInfo, KeyPrincipal } from '@app/contracts';
import { ScopeForbiddenError, type SelectionCatalogue, SeriesSelection } from './series-selection';

function indicator(code: string, domain: string): IndicatorInfo {
  return { code, domain, name: code, unit: '', direction: null, target: null, retentionDays: null };
}

/** 74 → 718, 719; 718 → 71801 */
const parents: Record<string, string | null> = { '74': null, '718': '74', '719': '74', '71801': '718' };
const indicators = [indicator('fin.a', 'fin'), indicator('fin.b', 'fin'), indicator('env.aqi', 'env')];
const catalogue: SelectionCatalogue = {
  indicator: (c) => indicators.find((i) => i.code === c),
  indicators: () => indicators,
  indicatorsOfDomain: (d) => indicators.filter((i) => i.domain === d),
  scopes: () => Object.keys(parents).map((code) => ({ code })),
  subtree: (s) => (s in parents ? Object.keys(parents).filter((c) => isWithin(c, [s])) : []),
  isWithin: (s, roots) => isWithin(s, roots),
};
function isWithin(scope: string, roots: readonly string[]): boolean {
  for (let s: string | null = scope; s != null; s = parents[s] ?? null) if (roots.includes(s)) return true;
  return false;
}

const admin: KeyPrincipal = { id: 'a', name: 'a', role: 'admin', scopes: null };
const district: KeyPrincipal = { id: 'd', name: 'd', role: 'district', scopes: ['718'] };

describe('SeriesSelection', () => {
  it('matches everything with no filter', () => {
    const s = SeriesSelection.resolve({}, admin, catalogue);
    expect(s.series()).toHaveLength(3 * 4);
    expect(s.matches('env.aqi', '71801')).toBe(true);
    expect(s.matches('unknown', '74')).toBe(false);
  });

  it('combines filters with AND and expands scopes to descendants', () => {
    const s = SeriesSelection.resolve(
      { domains: ['fin'], indicators: ['fin.a', 'env.aqi'], scopes: ['718'] },
      admin,
      catalogue,
    );
    expect(s.series()).toEqual([
      { indicator: 'fin.a', scope: '718' },
      { indicator: 'fin.a', scope: '71801' },
    ]);
    expect(s.matches('fin.a', '74')).toBe(false);
    expect(s.matches('env.aqi', '718')).toBe(false);
  });

  it('unknown codes match nothing', () => {
    expect(SeriesSelection.resolve({ scopes: ['nope'] }, admin, catalogue).series()).toEqual([]);
    expect(SeriesSelection.resolve({ domains: ['nope'] }, admin, catalogue).series()).toEqual([]);
    expect(SeriesSelection.resolve({ indicators: ['nope'] }, admin, catalogue).series()).toEqual([]);
  });

  it('limits a district key to its scopes', () => {
    const s = SeriesSelection.resolve({}, district, catalogue);
    expect(new Set(s.series().map((r) => r.scope))).toEqual(new Set(['718', '71801']));
    expect(s.matches('fin.a', '719')).toBe(false);
    expect(SeriesSelection.resolve({ scopes: ['71801'] }, district, catalogue).matches('fin.a', '71801')).toBe(true);
    expect(() => SeriesSelection.resolve({ scopes: ['74'] }, district, catalogue)).toThrow(ScopeForbiddenError);
    expect(() => SeriesSelection.resolve({ scopes: ['719'] }, district, catalogue)).toThrow(/outside/);
  });
});
