import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { IndicatorPoint, PeriodReport } from '@app/contracts';
import { Metrics } from '@app/metrics';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '@app/timeseries';
import type { Counter, Histogram } from 'prom-client';
import { largeRevisionLine, livePoints, periodRevisions, revisionEntries } from './period-revision.util';
import { PointListeners } from './point-listeners';

/**
 * The write step of the point pipeline: stores a batch (and logs its period reports in the revision
 * log, in the same round trip), then tells every registered listener what changed. Safe to repeat:
 * writes are idempotent, and so must listeners be.
 */
@Injectable()
export class PointWriter implements OnApplicationBootstrap {
  private readonly logger = new Logger('PointWriter');
  private readonly writeSeconds: Histogram<'outcome'>;
  private readonly written: Counter;
  private readonly revisionLogPct: number;

  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly listeners: PointListeners,
    metrics: Metrics,
    config: AppConfig,
  ) {
    this.revisionLogPct = config.revisionLogPct;
    this.writeSeconds = metrics.histogram({
      name: 'ioc_store_write_duration_seconds',
      help: 'Time to store one batch of points in the time-series store (Redis), by outcome (ok, error)',
      labelNames: ['outcome'],
    });
    this.written = metrics.counter({
      name: 'ioc_store_points_written_total',
      help: 'Points stored in the time-series store (a retried batch counts again)',
    });
  }

  /** A process that stores points and tells nobody (no live publishing) is a composition mistake: fail at boot. */
  onApplicationBootstrap(): void {
    if (this.listeners.names().length === 0) {
      throw new Error('the point pipeline has no listener: import LivePublisherModule in the app that writes points');
    }
  }

  /**
   * `encoded`: the same points as `encodePointTuples` in time order, when the caller has it.
   * `reports`: who reported the batch's period values and when (by index into `points`); they are
   * logged with the points, and those points reach the listeners marked with `period` and `revised`.
   */
  async write(
    points: readonly IndicatorPoint[],
    encoded?: string,
    reports: readonly PeriodReport[] = [],
  ): Promise<void> {
    if (points.length === 0) return;
    const stop = this.writeSeconds.startTimer();
    const outcome = await this.store
      .write(points, reports.length ? { revisions: revisionEntries(points, reports) } : undefined)
      .catch((err: unknown) => {
        stop({ outcome: 'error' });
        throw err;
      });
    stop({ outcome: 'ok' });
    this.written.inc(points.length);
    if (reports.length === 0) {
      await this.listeners.notify({ points, encoded, latest: outcome.latest, revisions: [] });
      return;
    }
    const revisions = periodRevisions(points, reports, outcome.revisions);
    for (const rev of revisions) {
      const line = largeRevisionLine(rev, this.revisionLogPct);
      if (line) this.logger.warn(line);
    }
    // The period points carry their marks: the live stream gets them encoded anew (stream-only batches keep `encoded`).
    await this.listeners.notify({ points: livePoints(points, reports, revisions), latest: outcome.latest, revisions });
  }
}
