import { DAY_MS, dayOf } from './chunk-codec.util';

/** Earliest accepted ts: 1900-01-01 (historical series are backfilled). */
export const MIN_TS = Date.UTC(1900, 0, 1);
/** Latest accepted ts, relative to now: plans and forecasts up to a year ahead. */
export const MAX_FUTURE_MS = 366 * 24 * 60 * 60 * 1000;

/** Is `ts` inside the accepted window [1900-01-01, now + 366 days]? */
export function isSaneTimestamp(ts: number, now: number = Date.now()): boolean {
  return Number.isInteger(ts) && ts >= MIN_TS && ts <= now + MAX_FUTURE_MS;
}

/**
 * When the raw point at `ts` expires: the end of its UTC day plus the raw retention (the expiry of
 * the day's raw chunk). A point whose expiry is not after now would never be readable.
 */
export function rawExpiresAt(ts: number, rawMs: number): number {
  return (dayOf(ts) + 1) * DAY_MS + rawMs;
}
