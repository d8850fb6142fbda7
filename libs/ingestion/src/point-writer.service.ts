import { Inject, Injectable } from '@nestjs/common';
import type { IndicatorPoint } from '@app/contracts';
import { LivePublisher } from '@app/live/live.publisher';
import { TIME_SERIES_STORE, TimeSeriesStore } from '@app/timeseries';

/** Stores a batch, then announces it to live subscribers. Safe to repeat: writes are idempotent. */
@Injectable()
export class PointWriter {
  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly live: LivePublisher,
  ) {}

  /** `encoded`: the same points as `encodePointTuples` in time order, when the caller has it. */
  async write(points: readonly IndicatorPoint[], encoded?: string): Promise<void> {
    if (points.length === 0) return;
    await this.store.write(points);
    await this.live.publish(points, encoded);
  }
}
