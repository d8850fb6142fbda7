import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { IndicatorPoint } from '@app/contracts';
import { Metrics } from '@app/metrics';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '@app/timeseries';
import type { Counter, Histogram } from 'prom-client';
import { PointListeners } from './point-listeners';

/**
 * The write step of the point pipeline: stores a batch, then tells every registered listener what
 * changed. Safe to repeat: writes are idempotent, and so must listeners be.
 */
@Injectable()
export class PointWriter implements OnApplicationBootstrap {
  private readonly writeSeconds: Histogram<'outcome'>;
  private readonly written: Counter;

  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly listeners: PointListeners,
    metrics: Metrics,
  ) {
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

  /** `encoded`: the same points as `encodePointTuples` in time order, when the caller has it. */
  async write(points: readonly IndicatorPoint[], encoded?: string): Promise<void> {
    if (points.length === 0) return;
    const stop = this.writeSeconds.startTimer();
    const { latest } = await this.store.write(points).catch((err: unknown) => {
      stop({ outcome: 'error' });
      throw err;
    });
    stop({ outcome: 'ok' });
    this.written.inc(points.length);
    await this.listeners.notify({ points, encoded, latest });
  }
}
