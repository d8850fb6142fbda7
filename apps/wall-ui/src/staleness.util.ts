import type { IndicatorInfo } from '@app/contracts';
import { periodStart } from './period.util';

/** A stream is stale after three of its usual gaps without a point, and never before this. */
export const MIN_STREAM_STALE_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Whether a series' latest value is older than expected at `now`.
 * - A stream: no point for three times the gap between its last two points (`gapMs`), at least 10 min.
 * - A period indicator: its latest value is for a period before the last one whose report is due
 *   (the last finished period once `dueDays` have passed since it ended, else the one before it).
 */
export function isStale(
  indicator: Pick<IndicatorInfo, 'period' | 'dueDays'>,
  ts: number,
  now: number,
  gapMs: number | null = null,
): boolean {
  const kind = indicator.period ?? 'none';
  if (kind === 'none') return now - ts > Math.max(MIN_STREAM_STALE_MS, 3 * (gapMs ?? 0));
  const current = periodStart(kind, now);
  const lastFinished = periodStart(kind, current - 1);
  const due = current + (indicator.dueDays ?? 0) * DAY_MS;
  const expected = now > due ? lastFinished : periodStart(kind, lastFinished - 1);
  return ts < expected;
}
