import { DOMAIN_CODE, INDICATOR_CODE, SCOPE_CODE } from '@app/contracts';
import { DEMO_DOMAIN_LIST, DEMO_INDICATORS, DEMO_SCOPES } from './demo-catalogue';
import { demoPoints, demoValue } from './demo-value.util';
import { DEMO_DISTRICTS } from './demo-scopes.data';

describe('demo catalogue', () => {
  it('is shaped like Bình Dương: 27 domains, 1,039 indicators, the province and nine districts', () => {
    expect(DEMO_DOMAIN_LIST).toHaveLength(27);
    expect(DEMO_INDICATORS).toHaveLength(1039);
    expect(DEMO_SCOPES.map((s) => s.code)).toEqual([
      '74',
      '718',
      '719',
      '720',
      '721',
      '722',
      '723',
      '724',
      '725',
      '726',
    ]);
    expect(DEMO_SCOPES.filter((s) => s.parent === '74')).toHaveLength(9);
  });

  it('has valid, unique codes and every indicator in a known domain', () => {
    const domains = new Set(DEMO_DOMAIN_LIST.map((d) => d.code));
    expect(DEMO_DOMAIN_LIST.every((d) => DOMAIN_CODE.test(d.code))).toBe(true);
    expect(DEMO_SCOPES.every((s) => SCOPE_CODE.test(s.code))).toBe(true);
    for (const i of DEMO_INDICATORS) {
      expect([i.code, INDICATOR_CODE.test(i.code)]).toEqual([i.code, true]);
      expect(domains.has(i.domain)).toBe(true);
    }
    expect(new Set(DEMO_INDICATORS.map((i) => i.code)).size).toBe(1039);
    expect(new Set(DEMO_INDICATORS.map((i) => i.domain)).size).toBe(27);
  });

  it('feeds about sixty indicators every second, the rest every minute', () => {
    const live = DEMO_INDICATORS.filter((i) => i.cadence === 'second').length;
    expect(live).toBeGreaterThanOrEqual(40);
    expect(live).toBeLessThanOrEqual(80);
  });
});

describe('demo values', () => {
  const ts = Date.UTC(2026, 10, 23, 3, 0, 0);

  it('are deterministic, finite and fit their kind', () => {
    for (const ind of DEMO_INDICATORS) {
      for (const scope of ['74', '718', '726']) {
        const v = demoValue(ind, scope, ts);
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBe(demoValue(ind, scope, ts));
        expect(v).toBeGreaterThanOrEqual(0);
        if (ind.kind === 'rate') expect(v).toBeLessThanOrEqual(100);
        if (ind.kind === 'count') expect(Number.isInteger(v)).toBe(true);
      }
    }
  });

  it('make the province the sum of districts for counts and their mean for rates', () => {
    const count = DEMO_INDICATORS.find((i) => i.kind === 'count')!;
    const rate = DEMO_INDICATORS.find((i) => i.kind === 'rate')!;
    const districts = (ind: typeof count) => DEMO_DISTRICTS.map((d) => demoValue(ind, d.code, ts));
    expect(demoValue(count, '74', ts)).toBe(districts(count).reduce((a, b) => a + b, 0));
    const mean = districts(rate).reduce((a, b) => a + b, 0) / 9;
    expect(demoValue(rate, '74', ts)).toBeCloseTo(mean, 1);
  });

  it('change over time', () => {
    const live = DEMO_INDICATORS.find((i) => i.cadence === 'second' && i.base >= 50)!;
    const values = new Set(Array.from({ length: 20 }, (_, k) => demoValue(live, '718', ts + k * 1000)));
    expect(values.size).toBeGreaterThan(5);
  });

  it('a tick gives every indicator in every scope at the tick time', () => {
    const pts = demoPoints(DEMO_INDICATORS.slice(0, 3), ts);
    expect(pts).toHaveLength(30);
    expect(pts.every((p) => p.ts === ts)).toBe(true);
  });
});
