import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { IndicatorPoint } from '@app/contracts';
import { RedisConnections } from '@app/redis';
import { encodePoints, liveStreamKey, sortByTime } from './live-stream.util';

/**
 * Appends stored batches to the live stream (one XADD per batch). The stream is trimmed to the
 * replay window by entry time (MINID), so cursors stay valid for `liveReplaySeconds`.
 */
@Injectable()
export class LivePublisher {
  private readonly key: string;
  private readonly windowMs: number;

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.key = liveStreamKey(config.redisPrefix);
    this.windowMs = config.liveReplaySeconds * 1000;
  }

  /** `encoded`: the points already encoded in time order (an ingest job's payload), used as is. */
  async publish(points: readonly IndicatorPoint[], encoded?: string): Promise<string | null> {
    if (points.length === 0) return null;
    const minId = Date.now() - this.windowMs;
    encoded ??= encodePoints(sortByTime([...points]));
    return this.redis.command.xadd(this.key, 'MINID', '~', String(minId), '*', 'p', encoded);
  }
}
