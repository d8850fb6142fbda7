import type { IocApi } from '@app/client';
import type { IndicatorInfo, PeriodSummary } from '@app/contracts';
import { periodOf } from './period.util';
import type { RequestPool } from './request-pool';
import type { LivePoint } from './wall-store';

/** Points kept per sparkline: 24 h of 5-minute buckets and a margin for live points. */
export const MAX_SPARK_POINTS = 320;
const DAY_MS = 86_400_000;
const STREAM_STEP_MS = 5 * 60_000;
/** A summary is asked for again at most this often, when its series' value changes. */
const SUMMARY_REFRESH_MS = 15_000;

export interface Sparkline {
  /** Seconds (uPlot's time unit) and values. */
  xs: number[];
  ys: number[];
  /** Period starts (ms) whose value replaced an earlier report, from `periods`. */
  revised: Set<number>;
  /** Bumped on every change (the chart redraws when it moves). */
  version: number;
}

interface SummaryEntry {
  summary: PeriodSummary | null;
  /** The period and value it was asked for. */
  key: string;
  period: string;
  askedAt: number;
  loading: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * The tiles' history: a sparkline per series (the last 24 h of a stream from `range` in 5-minute
 * buckets, the last 12 periods of a period indicator from `periods`) and a period indicator's summary.
 * Loaded only for the tiles on screen, through one request pool; live points are appended, with a
 * bounded number of points per series. A failed request (a 403 for a scope the key may not read) leaves
 * the tile without a chart, never an error.
 */
export class SeriesHistory {
  private readonly sparks = new Map<string, Sparkline | 'loading' | 'failed'>();
  private readonly summaries = new Map<string, SummaryEntry>();

  constructor(
    private readonly api: IocApi,
    private readonly pool: RequestPool,
    private readonly changed: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  sparkline(indicator: IndicatorInfo, scope: string): Sparkline | null {
    const id = `${indicator.code}|${scope}`;
    const entry = this.sparks.get(id);
    if (entry === undefined) {
      this.sparks.set(id, 'loading');
      void this.loadSparkline(id, indicator, scope);
      return null;
    }
    return typeof entry === 'string' ? null : entry;
  }

  /** The summary of the period of the series' latest value (period indicators only). */
  summary(
    indicator: IndicatorInfo,
    scope: string,
    latestTs: number | null,
    latestValue: number | null,
  ): PeriodSummary | null {
    if (!indicator.period || indicator.period === 'none') return null;
    const id = `${indicator.code}|${scope}`;
    const period = periodOf(indicator.period, latestTs ?? this.now());
    const key = `${period}|${latestValue}`;
    const entry = this.summaries.get(id);
    const now = this.now();
    if (entry && (entry.key === key || entry.loading)) return entry.summary;
    // A new period is asked for at once; a new value of the same period (a revision, a stream of
    // updates) at most every SUMMARY_REFRESH_MS, with a render then to ask.
    const wait = entry && entry.period === period ? entry.askedAt + SUMMARY_REFRESH_MS - now : 0;
    if (wait > 0) {
      if (!entry!.timer) entry!.timer = setTimeout(() => ((entry!.timer = null), this.changed()), wait);
      return entry!.summary;
    }
    const next: SummaryEntry = {
      summary: entry?.summary ?? null,
      key,
      period,
      askedAt: now,
      loading: true,
      timer: null,
    };
    this.summaries.set(id, next);
    this.pool
      .run(() => this.api.summary(indicator.code, scope, period))
      .then(
        (s) => (next.summary = s),
        () => undefined,
      )
      .finally(() => {
        next.loading = false;
        this.changed();
      });
    return entry?.summary ?? null;
  }

  /** Live points, appended to the sparklines already loaded (others load with them included). */
  append(points: LivePoint[]): void {
    for (const p of points) {
      const entry = this.sparks.get(`${p.indicator}|${p.scope}`);
      if (entry === undefined || typeof entry === 'string') continue;
      const last = entry.xs.length - 1;
      const x = p.ts / 1000;
      if (last >= 0 && x < entry.xs[last]) continue;
      if (last >= 0 && x === entry.xs[last]) entry.ys[last] = p.value;
      else {
        entry.xs.push(x);
        entry.ys.push(p.value);
      }
      if (entry.xs.length > MAX_SPARK_POINTS) {
        entry.xs.splice(0, entry.xs.length - MAX_SPARK_POINTS);
        entry.ys.splice(0, entry.ys.length - MAX_SPARK_POINTS);
      }
      entry.version++;
    }
  }

  private async loadSparkline(id: string, indicator: IndicatorInfo, scope: string): Promise<void> {
    try {
      const isPeriod = !!indicator.period && indicator.period !== 'none';
      const points: { ts: number; value: number; revised?: boolean }[] = isPeriod
        ? (await this.pool.run(() => this.api.periods(indicator.code, scope))).points
        : (
            await this.pool.run(() =>
              this.api.range(indicator.code, scope, { from: this.now() - DAY_MS, step: STREAM_STEP_MS }),
            )
          ).points;
      const tail = points.slice(-MAX_SPARK_POINTS);
      this.sparks.set(id, {
        xs: tail.map((p) => p.ts / 1000),
        ys: tail.map((p) => p.value),
        revised: new Set(tail.filter((p) => p.revised).map((p) => p.ts)),
        version: 1,
      });
    } catch {
      this.sparks.set(id, 'failed');
    }
    this.changed();
  }
}
