import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { decodePointTuples, IngestBatchJob, IndicatorPoint, QUEUES, WORKER_OPTIONS } from '@app/contracts';
import { closeWorkerIfRedisGone, logConnectionErrors, RedisConnections } from '@app/redis';
import { Job, UnrecoverableError } from 'bullmq';
import { PointWriter } from './point-writer.service';

/** Thin adapter: checks the job's shape and hands its points to the PointWriter. */
@Processor(QUEUES.ingest, WORKER_OPTIONS)
export class IngestProcessor
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('IngestWorker');

  constructor(
    private readonly writer: PointWriter,
    private readonly config: AppConfig,
    private readonly redis: RedisConnections,
  ) {
    super();
  }

  private errorsLogged = false;

  /** As early as the worker exists: otherwise BullMQ prints every connection retry's stack. */
  onModuleInit(): void {
    this.logErrors();
  }

  onApplicationBootstrap(): void {
    this.logErrors();
    this.worker.concurrency = this.config.ingestConcurrency;
  }

  /** Redis gone: stop at once rather than wait for it (see closeWorkerIfRedisGone). */
  async beforeApplicationShutdown(): Promise<void> {
    await closeWorkerIfRedisGone(this.worker, () => this.redis.command.ping());
  }

  private logErrors(): void {
    if (this.errorsLogged || !this.worker) return;
    logConnectionErrors(this.worker, 'ingest worker');
    this.errorsLogged = true;
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
    try {
      await this.writer.write(points, typeof encoded === 'string' ? encoded : undefined);
    } catch (err) {
      this.logger.warn(
        `job ${job.id} (${points.length} points), try ${job.attemptsMade + 1}: ${(err as Error).message}`,
      );
      throw err;
    }
    return { written: points.length };
  }
}
