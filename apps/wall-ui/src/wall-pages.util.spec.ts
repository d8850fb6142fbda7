import type { IndicatorInfo } from '@app/contracts';
import { translator } from './i18n';
import { chooseMapIndicator, pagesOf, tabsOf, TILES_PER_PAGE } from './wall-pages.util';
import { buildCatalogue } from './wall-session';

const ind = (code: string, domain: string) => ({ code, domain, name: code, unit: '' }) as IndicatorInfo;
const many = Array.from({ length: TILES_PER_PAGE + 5 }, (_, i) => ind(`health.i${i}`, 'health'));
const catalogue = buildCatalogue(
  [
    { code: 'finance', name: 'Tài chính' },
    { code: 'health', name: 'Y tế' },
    { code: 'empty', name: 'Trống' },
  ],
  [ind('finance.a', 'finance'), ind('finance.b', 'finance'), ...many],
  [
    { code: 'P', name: 'Province', parent: null },
    { code: 'D1', name: 'District 1', parent: 'P' },
    { code: 'D2', name: 'District 2', parent: 'P' },
  ],
  { scope: null, domains: [] },
);

describe('pagesOf', () => {
  it('gives each domain with indicators pages of at most TILES_PER_PAGE tiles, then top changes and reporting', () => {
    const pages = pagesOf(catalogue, translator('en'));
    expect(pages.map((p) => p.id)).toEqual([
      'domain:finance:1',
      'domain:health:1',
      'domain:health:2',
      'top',
      'reporting',
    ]);
    expect(pages[1].label).toBe('Y tế (1/2)');
    expect(pages[2].indicators).toHaveLength(5);
    expect(tabsOf(pages)).toEqual([
      { id: 'domain:finance', label: 'Tài chính' },
      { id: 'domain:health', label: 'Y tế' },
      { id: 'top', label: 'Top changes' },
      { id: 'reporting', label: 'Reporting' },
    ]);
  });
  it('follows the URL’s domains and their order', () => {
    const only = buildCatalogue(catalogue.domains, [...catalogue.indicators.values()], [...catalogue.scopes.values()], {
      scope: 'D2',
      domains: ['health', 'nope', 'finance'],
    });
    expect(only.domains.map((d) => d.code)).toEqual(['health', 'finance']);
    expect(only.scope.code).toBe('D2');
    expect(only.refusedScope).toBeNull();
  });
  it('shows the key’s root scope, and says so, for a scope the key does not see', () => {
    const own = buildCatalogue([], [], [{ code: 'D1', name: 'District 1', parent: 'P' }], { scope: 'P', domains: [] });
    expect(own.scope.code).toBe('D1');
    expect(own.refusedScope).toBe('P');
    expect(own.children).toEqual([]);
  });
});

describe('chooseMapIndicator', () => {
  it('takes the asked one, else the first of the page’s domain with values for the districts', () => {
    const series = new Map([
      ['finance.b|D1', { value: 1 }],
      ['health.i3|D2', { value: 2 }],
      ['health.i1|P', { value: 2 }],
    ]);
    expect(chooseMapIndicator(catalogue, 'finance', 'health.i0', series)?.code).toBe('health.i0');
    expect(chooseMapIndicator(catalogue, 'finance', null, series)?.code).toBe('finance.b');
    expect(chooseMapIndicator(catalogue, 'health', 'unknown', series)?.code).toBe('health.i3');
    expect(chooseMapIndicator(catalogue, undefined, null, series)?.code).toBe('finance.b');
    expect(chooseMapIndicator(catalogue, 'health', null, new Map())).toBeNull();
  });
});
