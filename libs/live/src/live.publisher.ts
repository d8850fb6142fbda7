import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { IndicatorPoint, LiveAlert, LiveSource } from '@app/contracts';
import type { PointListener, PointsWritten } from '@app/pipeline';
import { RedisConnections } from '@app/redis';
import { encodePoints, liveStreamKey, sortByTime } from './live-stream.util';

/**
 * Appends stored batches (one XADD per batch), alert changes and source states to the live stream. The stream is trimmed to the
 * replay window by entry time (MINID), so cursors stay valid for `liveReplaySeconds`.
 */
@Injectable()
export class LivePublisher implements PointListener {
  readonly name = 'live';
  readonly order = 0;
  private readonly key: string;
  private readonly windowMs: number;

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.key = liveStreamKey(config.redisPrefix);
    this.windowMs = config.liveReplaySeconds * 1000;
  }

  async pointsWritten(event: PointsWritten): Promise<void> {
    await this.publish(event.points, event.encoded);
  }

  /** `encoded`: the points already encoded in time order (an ingest job's payload), used as is. */
  async publish(points: readonly IndicatorPoint[], encoded?: string): Promise<string | null> {
    if (points.length === 0) return null;
    const minId = Date.now() - this.windowMs;
    encoded ??= encodePoints(sortByTime([...points]));
    return this.redis.command.xadd(this.key, 'MINID', '~', String(minId), '*', 'p', encoded);
  }

  /** Alert changes, in order, as one entry (field `a`): sockets get them in stream order with the points. */
  async publishAlerts(alerts: readonly LiveAlert[]): Promise<string | null> {
    if (alerts.length === 0) return null;
    const minId = Date.now() - this.windowMs;
    return this.redis.command.xadd(this.key, 'MINID', '~', String(minId), '*', 'a', JSON.stringify(alerts));
  }

  /** Source states (field `s`): admin sockets that take the sources' health series get them as `source` events. */
  async publishSources(sources: readonly LiveSource[]): Promise<string | null> {
    if (sources.length === 0) return null;
    const minId = Date.now() - this.windowMs;
    return this.redis.command.xadd(this.key, 'MINID', '~', String(minId), '*', 's', JSON.stringify(sources));
  }
}
