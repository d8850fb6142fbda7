export type Direction = 'up' | 'down';

/** How often an indicator is reported: `none` is a stream; the others are calendar periods (Asia/Ho_Chi_Minh). */
export type PeriodKind = 'none' | 'day' | 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['none', 'day', 'month', 'quarter', 'year'];
/** How an indicator's values add up over time: flows `sum`, stocks `last`, rates `avg`. */
export type TimeAgg = 'sum' | 'last' | 'avg';
export const TIME_AGGS: readonly TimeAgg[] = ['sum', 'last', 'avg'];
/** How child scopes add up to their parent. */
export type ScopeAgg = 'sum' | 'avg' | 'none';
export const SCOPE_AGGS: readonly ScopeAgg[] = ['sum', 'avg', 'none'];

/** The statistics fields of an indicator (present in answers for period indicators and when set). */
export interface IndicatorStatistics {
  period: PeriodKind;
  timeAgg: TimeAgg;
  scopeAgg: ScopeAgg;
  /** A period's report is due this many days after the period ends. */
  dueDays: number;
}

export interface DomainInfo {
  code: string;
  name: string;
}

export interface ScopeInfo {
  code: string;
  name: string;
  parent: string | null;
}

export interface IndicatorInfo {
  code: string;
  domain: string;
  name: string;
  unit: string;
  direction: Direction | null;
  target: number | null;
  /** Raw-point retention in days; null = the configured default. */
  retentionDays: number | null;
  /** Statistics fields: given for period indicators (and for a stream where one was set). */
  period?: PeriodKind;
  timeAgg?: TimeAgg;
  scopeAgg?: ScopeAgg;
  dueDays?: number;
}

/** `POST /api/v1/scopes` body. */
export interface NewScope {
  code: string;
  name: string;
  parent?: string | null;
}

/** The fields of an indicator that a `PUT /api/v1/indicators/:code` body sets. */
export interface IndicatorInput {
  domain: string;
  name: string;
  unit: string;
  direction?: Direction | null;
  target?: number | null;
  retentionDays?: number | null;
  /** Default `none` (a stream). */
  period?: PeriodKind | null;
  /** Default `last`. */
  timeAgg?: TimeAgg | null;
  /** Default `none`. */
  scopeAgg?: ScopeAgg | null;
  /** Default 0. */
  dueDays?: number | null;
}

/** `POST /api/v1/indicators` body. (`POST /api/v1/domains` takes a `DomainInfo`.) */
export interface NewIndicator extends IndicatorInput {
  code: string;
}

/** A year's plan of a period indicator in a scope (`PUT /api/v1/plans/:indicator/:scope/:year`). */
export interface PlanInfo {
  indicator: string;
  scope: string;
  year: number;
  value: number;
}

/** `GET /api/v1/plans` answer. */
export interface PlansAnswer {
  plans: PlanInfo[];
}
