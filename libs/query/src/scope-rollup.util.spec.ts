import { type KnownReport, rollUp, type RollupSource } from './scope-rollup.util';

/** P → D1 → C1, C2; P → D2 → C3; P → D3 (no children). */
const tree: Record<string, string[]> = { P: ['D1', 'D2', 'D3'], D1: ['C1', 'C2'], D2: ['C3'] };

function source(reports: Record<string, number>): RollupSource {
  let t = 0;
  const known: Record<string, KnownReport> = {};
  for (const [scope, value] of Object.entries(reports))
    known[scope] = { value, reportedAt: ++t * 1000, revised: false };
  return { childrenOf: (s) => tree[s] ?? [], reportOf: (s) => known[s] };
}

describe('rollUp', () => {
  it('a child without its own figure contributes its derived one, recursively', () => {
    // D1 from C1 + C2, D2 from C3, D3 nothing.
    const f = rollUp('P', 'sum', source({ C1: 1, C2: 2, C3: 4 }));
    expect(f).toEqual({ value: 7, reportedAt: 3000, derived: { value: 7, reported: 2, expected: 3 } });
    expect(rollUp('D1', 'sum', source({ C1: 1 }))).toEqual({
      value: 1,
      reportedAt: 1000,
      derived: { value: 1, reported: 1, expected: 2 },
    });
  });

  it("a child's own figure stands for its subtree; the own figure comes first", () => {
    const f = rollUp('P', 'sum', source({ C1: 1, C2: 2, D1: 10, P: 100 }));
    expect(f.own).toEqual({ value: 100, reportedAt: 4000, revised: false });
    expect(f.value).toBe(100);
    expect(f.reportedAt).toBe(4000);
    expect(f.derived).toEqual({ value: 10, reported: 1, expected: 3 });
  });

  it('avg is the mean of the contributing children (a mean of means)', () => {
    const f = rollUp('P', 'avg', source({ C1: 1, C2: 3, C3: 6 }));
    expect(f.derived).toEqual({ value: 4, reported: 2, expected: 3 });
  });

  it('no roll-up for scopeAgg none or a leaf; nothing reported is null', () => {
    expect(rollUp('P', 'none', source({ C1: 1 }))).toEqual({ value: null, reportedAt: null });
    expect(rollUp('C1', 'sum', source({ C1: 5 }))).toEqual({
      own: { value: 5, reportedAt: 1000, revised: false },
      value: 5,
      reportedAt: 1000,
    });
    expect(rollUp('P', 'sum', source({}))).toEqual({
      value: null,
      reportedAt: null,
      derived: { value: null, reported: 0, expected: 3 },
    });
  });
});
