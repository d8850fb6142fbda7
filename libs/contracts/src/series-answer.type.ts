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
