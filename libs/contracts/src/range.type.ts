export const AGGREGATIONS = ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** A resolved range query: bounds inclusive, epoch ms. */
export interface RangeQuery {
  from: number;
  to: number;
  /** Bucket width in ms; buckets aligned to multiples of `step` from epoch 0. */
  step?: number;
  /** Defaults to `avg` when `step` is given. */
  agg?: Aggregation;
}

/** A range asking for more raw points than this is refused: the caller must give a `step`. */
export const MAX_RAW_RANGE_POINTS = 100_000;
