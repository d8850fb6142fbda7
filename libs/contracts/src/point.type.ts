/** One (indicator, scope) pair. */
export interface SeriesRef {
  indicator: string;
  scope: string;
}

/** A point as stored and sent: `ts` in epoch milliseconds, `value` a finite number. */
export interface IndicatorPoint extends SeriesRef {
  ts: number;
  value: number;
}

/**
 * A point as the live feed sends it (`values` events, the subscribe ack's snapshot). A point of a
 * period indicator also carries its `period` label (`2026-10`, `2026-Q3`, `2026`, `2026-10-05`) and
 * `revised` (true when this value replaced an earlier report of the same period); a stream point
 * has neither field.
 */
export interface LivePoint extends IndicatorPoint {
  period?: string;
  revised?: boolean;
}

export interface TimedValue {
  ts: number;
  value: number;
}

/** Stable string id of a series; `|` never appears in codes. */
export function seriesId(ref: SeriesRef): string {
  return `${ref.indicator}|${ref.scope}`;
}
