import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { IndicatorPoint } from '@app/contracts';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '@app/timeseries';
import { PointListeners } from './point-listeners';

/**
 * The write step of the point pipeline: stores a batch, then tells every registered listener what
 * changed. Safe to repeat: writes are idempotent, and so must listeners be.
 */
@Injectable()
export class PointWriter implements OnApplicationBootstrap {
  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly listeners: PointListeners,
  ) {}

  /** A process that stores points and tells nobody (no live publishing) is a composition mistake: fail at boot. */
  onApplicationBootstrap(): void {
    if (this.listeners.names().length === 0) {
      throw new Error('the point pipeline has no listener: import LivePublisherModule in the app that writes points');
    }
  }

  /** `encoded`: the same points as `encodePointTuples` in time order, when the caller has it. */
  async write(points: readonly IndicatorPoint[], encoded?: string): Promise<void> {
    if (points.length === 0) return;
    const { latest } = await this.store.write(points);
    await this.listeners.notify({ points, encoded, latest });
  }
}
