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
}

export interface PeriodsAnswer {
  indicator: string;
  scope: string;
  /** The indicator's period kind. */
  period: string;
  points: PeriodPoint[];
}
