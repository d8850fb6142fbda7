/** Earliest accepted ts: 1900-01-01 (historical series are backfilled). */
export const MIN_TS = Date.UTC(1900, 0, 1);
/** Latest accepted ts, relative to now: plans and forecasts up to a year ahead. */
export const MAX_FUTURE_MS = 366 * 24 * 60 * 60 * 1000;

/** Is `ts` inside the accepted window [1900-01-01, now + 366 days]? */
export function isSaneTimestamp(ts: number, now: number = Date.now()): boolean {
  return Number.isInteger(ts) && ts >= MIN_TS && ts <= now + MAX_FUTURE_MS;
}
