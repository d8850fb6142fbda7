import { decodePeriodReports, decodePointTuples, encodePointTuples } from './queues';

describe('point tuples', () => {
  it('stream points stay four long; a point with a period carries period and revised', () => {
    const encoded = encodePointTuples([
      { indicator: 'env.aqi', scope: '718', ts: 1, value: 80 },
      { indicator: 'finance.budget', scope: '718', ts: 2, value: 41.2, period: '2026-10', revised: false },
      { indicator: 'finance.budget', scope: '718', ts: 2, value: 52, period: '2026-10', revised: true },
    ]);
    expect(encoded).toBe(
      '[["env.aqi","718",1,80],["finance.budget","718",2,41.2,"2026-10",0],["finance.budget","718",2,52,"2026-10",1]]',
    );
    const decoded = decodePointTuples(encoded);
    expect(decoded[0]).toEqual({ indicator: 'env.aqi', scope: '718', ts: 1, value: 80 });
    expect(Object.keys(decoded[0])).toEqual(['indicator', 'scope', 'ts', 'value']);
    expect(decoded[1]).toEqual({
      indicator: 'finance.budget',
      scope: '718',
      ts: 2,
      value: 41.2,
      period: '2026-10',
      revised: false,
    });
    expect(decoded[2].revised).toBe(true);
  });
});

describe('decodePeriodReports', () => {
  it('reads a job r, absent means none', () => {
    expect(decodePeriodReports(undefined, 3)).toEqual([]);
    expect(decodePeriodReports([[2, '2026-10', 1000, 'key']], 3)).toEqual([
      { index: 2, period: '2026-10', reportedAt: 1000, by: 'key' },
    ]);
  });

  it('refuses anything else (a malformed job fails once)', () => {
    expect(decodePeriodReports({}, 3)).toBeNull();
    expect(decodePeriodReports([[3, '2026-10', 1000, 'key']], 3)).toBeNull();
    expect(decodePeriodReports([[-1, '2026-10', 1000, 'key']], 3)).toBeNull();
    expect(decodePeriodReports([[0, 2026, 1000, 'key']], 3)).toBeNull();
    expect(decodePeriodReports([[0, '2026-10', '1000', 'key']], 3)).toBeNull();
    expect(decodePeriodReports([[0, '2026-10', 1000]], 3)).toBeNull();
  });
});
