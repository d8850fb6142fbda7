import type { IndicatorInfo } from '@app/contracts';
import type { SeriesView } from './wall-store';

export interface TopChange {
  indicator: IndicatorInfo;
  value: number;
  previous: number;
  /** (value − previous) / |previous| × 100. */
  pct: number;
}

/** The `limit` series of `scope` whose value moved most, in %, since the previous value seen; biggest first. */
export function topChanges(
  series: Iterable<SeriesView>,
  scope: string,
  indicators: Map<string, IndicatorInfo>,
  limit: number,
): TopChange[] {
  const rows: TopChange[] = [];
  for (const v of series) {
    if (v.scope !== scope || v.previous === null || v.previous === 0) continue;
    const indicator = indicators.get(v.indicator);
    if (!indicator) continue;
    rows.push({
      indicator,
      value: v.value,
      previous: v.previous,
      pct: ((v.value - v.previous) / Math.abs(v.previous)) * 100,
    });
  }
  return rows.sort((a, b) => Math.abs(b.pct) - Math.abs(a.pct)).slice(0, limit);
}
