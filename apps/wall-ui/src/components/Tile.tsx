import { useEffect, useRef } from 'preact/hooks';
import { memo } from 'preact/compat';
import type { IndicatorInfo, PeriodSummary } from '@app/contracts';
import { changeTone } from '../colour-scale.util';
import type { Sparkline as SparkData } from '../series-history';
import { isStale } from '../staleness.util';
import type { SeriesView } from '../wall-store';
import { Sparkline } from './Sparkline';
import { useWall } from './wall-context';

const FLASH_MS = 900;

export interface TileProps {
  indicator: IndicatorInfo;
  scope: string;
  view: SeriesView | undefined;
  summary: PeriodSummary | null;
  spark: SparkData | null;
  sparkVersion: number;
  /** Minutes since epoch: staleness is judged again once a minute, not on every frame. */
  minute: number;
}

/**
 * One indicator of the wall's scope: value and unit, plan gauge, changes, rank, sparkline, a colour
 * for good or bad news, a flash when the value changes, marks for stale and revised values.
 * Memoised: a frame re-renders only the tiles whose series changed.
 */
export const Tile = memo(function Tile({ indicator, scope, view, summary, spark, sparkVersion, minute }: TileProps) {
  const { t, fmt } = useWall();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!view?.changedAt || Date.now() - view.changedAt > FLASH_MS || !el.current) return;
    const node = el.current;
    node.classList.remove('flash');
    void node.offsetWidth; // restart the animation
    node.classList.add('flash');
  }, [view?.changedAt]);

  const isPeriod = !!indicator.period && indicator.period !== 'none';
  const value = view?.value ?? summary?.value ?? null;
  const streamChange =
    !isPeriod && spark && spark.ys.length > 1 && value !== null && spark.ys[0] !== 0
      ? ((value - spark.ys[0]) / Math.abs(spark.ys[0])) * 100
      : null;
  const change = isPeriod ? (summary?.changePct ?? null) : streamChange;
  const planPct = isPeriod
    ? (summary?.planPct ?? null)
    : indicator.target && value !== null
      ? (value / indicator.target) * 100
      : null;
  const tone = changeTone(change ?? (view?.previous != null ? view.value - view.previous : null), indicator.direction);
  const stale = view ? isStale(indicator, view.ts, minute * 60_000, view.gapMs) : false;
  const revised = !!view && (view.revised || !!spark?.revised.has(view.ts));
  const toneClass = tone > 0 ? ' good' : tone < 0 ? ' bad' : '';
  return (
    <div
      ref={el}
      class={`tile${toneClass}${stale ? ' is-stale' : ''}${revised ? ' is-revised' : ''}`}
      data-series={`${indicator.code}|${scope}`}
      data-ts={view?.ts ?? ''}
      data-stale={stale ? 'true' : 'false'}
      data-revised={revised ? 'true' : 'false'}
    >
      <div class="name" title={indicator.name}>
        {indicator.name}
      </div>
      <div class="reading">
        <span class="value">{value === null ? t('noData') : fmt.number(value)}</span>
        <span class="unit">{indicator.unit}</span>
        {stale && (
          <span class="mark stale-mark" title={t('staleMark')}>
            ⏱
          </span>
        )}
        {revised && (
          <span class="mark revised-mark" title={t('revisedMark')}>
            ✎
          </span>
        )}
      </div>
      <div class="meta">
        {change !== null && (
          <span class={`chg${toneClass}`}>
            {change > 0 ? '▲' : change < 0 ? '▼' : '■'} {fmt.change(change)} {isPeriod ? t('vsPrevious') : '24h'}
          </span>
        )}
        {isPeriod && summary?.yoyPct != null && (
          <span class="yoy">
            {fmt.change(summary.yoyPct)} {t('vsLastYear')}
          </span>
        )}
        {summary?.rank && <span class="rank">{t('rank', summary.rank)}</span>}
        {view && <span class="time">{isPeriod ? (view.period ?? summary?.period ?? '') : fmt.time(view.ts)}</span>}
      </div>
      {planPct !== null && (
        <div class="gauge" title={`${fmt.percent(planPct)} ${t('plan')}`}>
          <div class="bar" style={{ width: `${Math.max(0, Math.min(100, planPct))}%` }} />
          <span class="gauge-text">
            {fmt.percent(planPct)} {t('plan')}
          </span>
        </div>
      )}
      {spark && spark.xs.length > 1 && (
        <Sparkline
          data={spark}
          version={sparkVersion}
          colour={tone < 0 ? '#ff6b6b' : tone > 0 ? '#3ddc97' : '#7aaee6'}
        />
      )}
    </div>
  );
});
