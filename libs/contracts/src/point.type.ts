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

export interface TimedValue {
  ts: number;
  value: number;
}

/** Stable string id of a series; `|` never appears in codes. */
export function seriesId(ref: SeriesRef): string {
  return `${ref.indicator}|${ref.scope}`;
}
