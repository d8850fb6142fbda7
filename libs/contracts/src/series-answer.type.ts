import type { IndicatorPoint, SeriesRef, TimedValue } from './point.type';

/**
 * `GET /api/v1/series/:indicator/:scope/range`: the points in time order (with `step`, one per
 * non-empty bucket, `ts` the bucket's start). `GET .../latest` answers one `IndicatorPoint`.
 */
export interface RangeAnswer extends SeriesRef {
  points: TimedValue[];
}

/** `GET /api/v1/latest`: the latest point of every matching series that has one. */
export interface LatestAnswer {
  points: IndicatorPoint[];
}

/** One report of a period value (`GET /api/v1/series/:indicator/:scope/revisions`). */
export interface RevisionInfo {
  value: number;
  reportedAt: number;
  /** The sending key's name (or the source, for connectors). */
  by: string;
}

export interface RevisionsAnswer {
  revisions: RevisionInfo[];
}

/** One period's value in `GET /api/v1/series/:indicator/:scope/periods`. */
export interface PeriodPoint {
  period: string;
  /** The period's start (epoch ms). */
  ts: number;
  value: number;
  /** Whether this value replaced an earlier report of the period. */
  revised: boolean;
  /** When this value was reported. */
  reportedAt: number;
  /** For a scope with children (scopeAgg not none): the children's combined value and completeness. */
  derived?: DerivedValue;
}

/**
 * A parent's value derived from its children, recursively (a child without its own report contributes
 * its own derived value), with how many of the direct children contributed: value null when none did.
 */
export interface DerivedValue {
  value: number | null;
  reported: number;
  expected: number;
}

export interface PeriodsAnswer {
  indicator: string;
  scope: string;
  /** The indicator's period kind. */
  period: string;
  points: PeriodPoint[];
}

/** `GET /api/v1/series/:indicator/:scope/summary?period=`; a field with nothing to compute is null. */
export interface PeriodSummary {
  indicator: string;
  scope: string;
  period: string;
  value: number | null;
  previous: number | null;
  changePct: number | null;
  sameLastYear: number | null;
  yoyPct: number | null;
  /** The year's periods up to this one, combined by the indicator's timeAgg. */
  ytd: number | null;
  /** The year's plan for the scope. */
  plan: number | null;
  /** ytd / plan × 100 for sum indicators, value / plan × 100 otherwise. */
  planPct: number | null;
  /** Among the scope's siblings that reported (1 = best by the indicator's direction). */
  rank?: { position: number; of: number };
  /**
   * For a scope with children (scopeAgg not `none`): the period's figure from the children, rolled up
   * recursively. `value` is this one when the scope has no own figure.
   */
  derived?: DerivedValue;
}

/**
 * `GET /api/v1/summaries?scope=&period=&domain=`: the summary of every period indicator of a scope (a
 * wall's tiles) in one answer. Each indicator answers for its own period that holds the asked one (a
 * quarterly indicator asked for `2026-10`: `2026-Q4`); indicators with shorter periods are left out.
 */
export interface SummariesAnswer {
  scope: string;
  /** The asked period. */
  period: string;
  /** One per period indicator, sorted by indicator code. */
  summaries: PeriodSummary[];
}

export type ReportStatus = 'not_due' | 'on_time' | 'late' | 'missing';

/** One (period indicator, scope) row of `GET /api/v1/reporting`. */
export interface ReportingRow {
  indicator: string;
  scope: string;
  /** The indicator's period that the row is about (e.g. `2026-Q4` for a quarterly one asked for `2026-10`). */
  period: string;
  status: ReportStatus;
  /** When the report is due: the period's end plus the indicator's dueDays (epoch ms). */
  dueAt: number;
  /** When it was first reported. */
  reportedAt?: number;
  /** How many times it was revised after the first report. */
  revisions: number;
}

export interface ReportingAnswer {
  period: string;
  rows: ReportingRow[];
}
