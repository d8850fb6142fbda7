import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { IngestBatchJob, QUEUES } from '@app/contracts';
import { Job, UnrecoverableError } from 'bullmq';
import { PointWriter } from './point-writer.service';

/** Thin adapter: checks the job's shape and hands its points to the PointWriter. */
@Processor(QUEUES.ingest)
export class IngestProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('IngestWorker');

  constructor(
    private readonly writer: PointWriter,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.ingestConcurrency;
  }

  async process(job: Job<IngestBatchJob>): Promise<{ written: number }> {
    const points = job.data?.points;
    if (!Array.isArray(points)) {
      // A malformed job can never succeed: fail it once, keep it for inspection.
      throw new UnrecoverableError('ingest job has no points array');
    }
    try {
      await this.writer.write(points);
    } catch (err) {
      this.logger.warn(
        `job ${job.id} (${points.length} points), try ${job.attemptsMade + 1}: ${(err as Error).message}`,
      );
      throw err;
    }
    return { written: points.length };
  }
}
