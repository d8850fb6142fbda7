import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  decodePeriodReports,
  decodePointTuples,
  IngestBatchJob,
  IndicatorPoint,
  QUEUES,
  WORKER_OPTIONS,
} from '@app/contracts';
import { PointWriter } from '@app/pipeline';
import { RedisConnections, ResilientWorkerHost } from '@app/redis';
import { Job, UnrecoverableError } from 'bullmq';

/** Thin adapter: checks the job's shape and hands its points (and period reports) to the PointWriter. */
@Processor(QUEUES.ingest, WORKER_OPTIONS)
export class IngestProcessor extends ResilientWorkerHost {
  private readonly logger = new Logger('IngestWorker');

  constructor(
    private readonly writer: PointWriter,
    private readonly config: AppConfig,
    redis: RedisConnections,
  ) {
    super('ingest worker', redis);
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.worker.concurrency = this.config.ingestConcurrency;
  }

  async process(job: Job<IngestBatchJob>): Promise<{ written: number }> {
    const encoded = job.data?.p;
    let points: IndicatorPoint[] | undefined;
    try {
      points = typeof encoded === 'string' ? decodePointTuples(encoded) : job.data?.points;
    } catch {
      points = undefined;
    }
    if (!Array.isArray(points)) {
      // A malformed job can never succeed: fail it once, keep it for inspection.
      throw new UnrecoverableError('ingest job has neither a readable p nor a points array');
    }
    const reports = decodePeriodReports(job.data.r, points.length);
    if (!reports) {
      throw new UnrecoverableError('ingest job has an r that is not a list of [index, period, reportedAt, by]');
    }
    if (job.stalledCounter > 0) {
      // Run again after the worker that held it stopped: harmless (idempotent) unless it keeps growing.
      this.logger.warn(`job ${job.id} (${points.length} points): run again after ${job.stalledCounter} stalled run(s)`);
    }
    try {
      await this.writer.write(points, typeof encoded === 'string' ? encoded : undefined, reports);
    } catch (err) {
      this.logger.warn(
        `job ${job.id} (${points.length} points), try ${job.attemptsMade + 1}: ${(err as Error).message}`,
      );
      throw err;
    }
    return { written: points.length };
  }
}
