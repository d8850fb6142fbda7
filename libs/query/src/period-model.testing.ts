import type { DerivedValue, PeriodPoint, ScopeAgg, TimeAgg } from '@app/contracts';

/** One report as the model sees it: `reportedAt` may be any clock that never goes back. */
export interface ModelReport {
  scope: string;
  /** The period's start. */
  ts: number;
  value: number;
  reportedAt: number;
}

type Figure = { value: number; reportedAt: number };

/**
 * A plain, deliberately naive model of period indicators for tests (not used by the service): every
 * report kept per (scope, period) unless it repeats the last value; a scope's figure is its own last
 * report known at `asOf`, else the sum or mean of its children's figures (recursively); `reported`
 * counts the direct children with a figure.
 */
export class PeriodModel {
  private readonly kept = new Map<string, ModelReport[]>();

  constructor(
    private readonly childrenOf: (scope: string) => readonly string[],
    private readonly scopeAgg: ScopeAgg,
    private readonly timeAgg: TimeAgg,
  ) {}

  /** Adds reports in the order they were sent. */
  add(reports: readonly ModelReport[]): void {
    for (const r of reports) {
      const id = `${r.scope}|${r.ts}`;
      const list = this.kept.get(id) ?? [];
      if (list.length === 0 || list[list.length - 1].value !== r.value) list.push(r);
      this.kept.set(id, list);
    }
  }

  own(scope: string, ts: number, asOf: number): (Figure & { revised: boolean }) | undefined {
    const known = (this.kept.get(`${scope}|${ts}`) ?? []).filter((r) => r.reportedAt <= asOf);
    if (known.length === 0) return undefined;
    const last = known[known.length - 1];
    return { value: last.value, reportedAt: last.reportedAt, revised: known.length > 1 };
  }

  figure(scope: string, ts: number, asOf: number): Figure | null {
    const own = this.own(scope, ts, asOf);
    if (own) return { value: own.value, reportedAt: own.reportedAt };
    const d = this.derivedWithTime(scope, ts, asOf);
    return d && d.value !== null ? { value: d.value, reportedAt: d.reportedAt } : null;
  }

  derived(scope: string, ts: number, asOf: number): DerivedValue | undefined {
    const d = this.derivedWithTime(scope, ts, asOf);
    return d && { value: d.value, reported: d.reported, expected: d.expected };
  }

  /** The `periods` answer's point for one period, or undefined when it has no figure. */
  point(scope: string, period: { label: string; start: number }, asOf: number): PeriodPoint | undefined {
    const f = this.figure(scope, period.start, asOf);
    if (!f) return undefined;
    const point: PeriodPoint = {
      period: period.label,
      ts: period.start,
      value: f.value,
      revised: this.own(scope, period.start, asOf)?.revised ?? false,
      reportedAt: f.reportedAt,
    };
    const d = this.derived(scope, period.start, asOf);
    if (d) point.derived = d;
    return point;
  }

  /** Year to date over the given period starts (the year's, up to the asked one). */
  ytd(scope: string, starts: readonly number[], asOf: number): number | null {
    const values = starts.map((s) => this.figure(scope, s, asOf)?.value).filter((v) => v !== undefined);
    if (values.length === 0) return null;
    if (this.timeAgg === 'last') return values[values.length - 1];
    const sum = values.reduce((a, b) => a + b, 0);
    return this.timeAgg === 'sum' ? sum : sum / values.length;
  }

  /** Rank among the parent's children by figure (direction up), or undefined without one. */
  rank(scope: string, parent: string | null, ts: number, asOf: number): { position: number; of: number } | undefined {
    const value = this.figure(scope, ts, asOf)?.value;
    if (parent === null || value === undefined) return undefined;
    const values = this.childrenOf(parent)
      .map((c) => this.figure(c, ts, asOf)?.value)
      .filter((v) => v !== undefined);
    return { position: values.filter((v) => v > value).length + 1, of: values.length };
  }

  private derivedWithTime(
    scope: string,
    ts: number,
    asOf: number,
  ): (DerivedValue & { reportedAt: number }) | undefined {
    const kids = this.childrenOf(scope);
    if (this.scopeAgg === 'none' || kids.length === 0) return undefined;
    const got = kids.map((k) => this.figure(k, ts, asOf)).filter((f) => f !== null);
    const sum = got.reduce((s, f) => s + f.value, 0);
    return {
      value: got.length === 0 ? null : this.scopeAgg === 'sum' ? sum : sum / got.length,
      reported: got.length,
      expected: kids.length,
      reportedAt: Math.max(...got.map((f) => f.reportedAt)),
    };
  }
}
