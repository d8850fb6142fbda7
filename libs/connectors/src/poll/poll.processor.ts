import { Processor } from '@nestjs/bullmq';
import { AppConfig } from '@app/config';
import { type PollSourceJob, QUEUES, WORKER_OPTIONS } from '@app/contracts';
import { RedisConnections, ResilientWorkerHost } from '@app/redis';
import { Job, UnrecoverableError } from 'bullmq';
import { PollRunner, type RunSummary } from './poll-runner.service';

/** Thin adapter: one tick of a source's schedule → one poll run (IOC_CONNECTOR_CONCURRENCY at a time). */
@Processor(QUEUES.connectors, WORKER_OPTIONS)
export class PollProcessor extends ResilientWorkerHost {
  constructor(
    private readonly runner: PollRunner,
    private readonly config: AppConfig,
    redis: RedisConnections,
  ) {
    super('connectors worker', redis);
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.worker.concurrency = this.config.connectorConcurrency;
  }

  async process(job: Job<PollSourceJob>): Promise<RunSummary> {
    const id = job.data?.sourceId;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw new UnrecoverableError('poll job without a valid sourceId');
    }
    return this.runner.run(id);
  }
}
