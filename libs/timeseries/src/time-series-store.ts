import type { IndicatorPoint, RangeQuery, SeriesRef, TimedValue } from '@app/contracts';
import type { RevisionEntry, RevisionOutcome } from './revision-log.store';

/** A series whose latest point a write set: the new latest point and the one before it (null if none). */
export interface LatestChange extends IndicatorPoint {
  /**
   * The latest point before this one, with an older ts. Writing the same batch again (a retried job)
   * gives the same `previous`, not the point itself.
   */
  previous: TimedValue | null;
}

/** What a write changed. */
export interface WriteOutcome {
  /** Every series whose latest point the batch set (its newest point is at least as new as the stored one). */
  latest: LatestChange[];
  /** What logging each of the write's `revisions` found, in their order (empty without any). */
  revisions: RevisionOutcome[];
}

/** What a write does beside storing the points. */
export interface WriteOptions {
  /**
   * Reports of period values to append to the revision log in the same round trip as the points
   * (each a point of the batch, with who reported it and when).
   */
  revisions?: readonly RevisionEntry[];
}

/** Injection token of the TimeSeriesStore implementation. */
export const TIME_SERIES_STORE = Symbol('TIME_SERIES_STORE');

/** Raw and rollup retention of one indicator, in ms. */
export interface Retention {
  rawMs: number;
  rollupMs: number;
}

/** Resolves an indicator's retention (the catalogue's override or the configured default). */
export type RetentionResolver = (indicator: string) => Retention;
export const RETENTION_RESOLVER = Symbol('RETENTION_RESOLVER');

/** A range query that would return more raw points than allowed: the caller must give a step. */
export class RangeTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the range holds more than ${limit} raw points: give a step (ms) and an agg`);
    this.name = 'RangeTooLargeError';
  }
}

/**
 * Storage of indicator points. Everything else in ioc-stream uses only this interface.
 * Implementations must be batch-oriented: one (or a few) Redis round trips per call, not per point.
 */
export interface TimeSeriesStore {
  /**
   * Writes a batch of points (already validated: finite values, sane ts, known series).
   * Any order, any mix of series; the same (indicator, scope, ts) twice keeps the last value
   * (the later one in the array, or the later call). Idempotent: writing the same batch again
   * leaves every answer unchanged. Rejects (throws) when Redis fails, so the job is retried.
   * Says which series got a new latest point (a late point, older than the latest, changes none).
   * `options.revisions` are logged in the same round trip (a retried batch logs none twice).
   */
  write(points: readonly IndicatorPoint[], options?: WriteOptions): Promise<WriteOutcome>;

  /** The newest point (largest ts) of each series, in the order asked; null where none. */
  latest(series: readonly SeriesRef[]): Promise<Array<TimedValue | null>>;

  /**
   * Points of one series with from <= ts <= to, in time order. With `step`: one point per
   * non-empty bucket [k*step, (k+1)*step), ts = bucket start, value = `agg` (default avg) over the
   * raw points in the bucket that also lie within [from, to]. Without step: raw points; throws
   * RangeTooLargeError when there are more than MAX_RAW_RANGE_POINTS.
   */
  range(series: SeriesRef, query: RangeQuery): Promise<TimedValue[]>;

  /**
   * Brings up to date the rollups of up to `limit` series-days that writes touched; returns how many.
   * Reads are exact without it (they never trust a stale rollup); it keeps them fast.
   */
  refreshRollups(limit?: number): Promise<number>;

  /**
   * Forgets what is past retention: days older than both the raw and the rollup retention of their
   * indicator (raw points expire by themselves). Cheap enough to run hourly; returns how many
   * series-days it dropped.
   */
  trim(now?: number): Promise<number>;
}
