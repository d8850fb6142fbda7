import { Injectable, Logger } from '@nestjs/common';
import type { LivePoint } from '@app/contracts';
import { Metrics } from '@app/metrics';
import type { LatestChange } from '@app/timeseries';
import type { Counter, Histogram } from 'prom-client';
import type { PeriodRevision } from './period-revision.util';

/** What one stored batch changed, as told to every point listener. */
export interface PointsWritten {
  /** The batch as stored (any order); a reported period point carries its `period` and `revised`. */
  points: readonly LivePoint[];
  /** The same points encoded as point tuples in time order, when the batch came that way (an ingest job). */
  encoded?: string;
  /** Series whose latest point the batch set, with the point before it. A late point changes none. */
  latest: readonly LatestChange[];
  /** The batch's period reports as the revision log took them (first reports and revisions), in order. */
  revisions: readonly PeriodRevision[];
}

/**
 * A step after storage: live publishing, alert evaluation. Called once per stored batch, and again
 * when a batch is written again (a retried job), so it must be idempotent. A rejection fails the
 * batch's job, which is retried (storage and every listener again).
 */
export interface PointListener {
  readonly name: string;
  /** Listeners run in this order, lowest first (live publishing 0, alert evaluation 10). */
  readonly order: number;
  pointsWritten(event: PointsWritten): Promise<void>;
}

/**
 * The listeners of stored batches, registered by the modules a process is composed of (the live
 * publisher, alert evaluation). All are told of every batch, one after the other.
 */
@Injectable()
export class PointListeners {
  private readonly logger = new Logger('PointPipeline');
  private readonly listeners: PointListener[] = [];
  private readonly seconds: Histogram<'listener'>;
  private readonly failures: Counter<'listener'>;

  constructor(metrics: Metrics) {
    this.seconds = metrics.histogram({
      name: 'ioc_point_listener_duration_seconds',
      help: 'Time each point listener (live publishing, alert evaluation) took for one stored batch',
      labelNames: ['listener'],
    });
    this.failures = metrics.counter({
      name: 'ioc_point_listener_failures_total',
      help: "Stored batches a point listener failed on (the batch's job is retried: storage and every listener again)",
      labelNames: ['listener'],
    });
  }

  add(listener: PointListener): void {
    if (this.listeners.some((l) => l.name === listener.name)) {
      throw new Error(`a point listener named ${listener.name} is registered twice`);
    }
    this.listeners.push(listener);
    this.listeners.sort((a, b) => a.order - b.order);
    this.failures.inc({ listener: listener.name }, 0);
    this.logger.log(`after each stored batch: ${this.names().join(', ')}`);
  }

  names(): string[] {
    return this.listeners.map((l) => l.name);
  }

  /** In `order` (live publishing first, so a value reaches the stream before the alert it causes). */
  async notify(event: PointsWritten): Promise<void> {
    for (const l of this.listeners) {
      const stop = this.seconds.startTimer({ listener: l.name });
      try {
        await l.pointsWritten(event);
      } catch (err) {
        this.failures.inc({ listener: l.name });
        throw err;
      } finally {
        stop();
      }
    }
  }
}
