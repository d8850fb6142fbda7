import { Processor } from '@nestjs/bullmq';
import { QUEUES, WORKER_OPTIONS } from '@app/contracts';
import { RedisConnections, ResilientWorkerHost } from '@app/redis';
import { Job, UnrecoverableError } from 'bullmq';
import { DELIVERY_JOBS, type AlertDigestJob, type AlertSendJob } from './delivery-job.type';
import { DeliveryRunner } from './delivery-runner.service';
import { PermanentDeliveryError } from './permanent-delivery.error';
import { deliveryBackoffStrategy } from './retry-schedule.util';

/**
 * Deliveries in flight at once per worker process: a receiver that hangs holds one slot for at most
 * its 10 s limit, the others go on.
 */
export const DELIVERY_CONCURRENCY = 8;

/**
 * Thin adapter: hands each delivery job to the DeliveryRunner with its try number. Retries follow the
 * job's own waits (deliveryBackoffStrategy, DELIVERY_RETRY_DELAYS_MS); a try that no retry could help
 * fails the job at once (UnrecoverableError).
 */
@Processor(QUEUES.alertDelivery, {
  ...WORKER_OPTIONS,
  concurrency: DELIVERY_CONCURRENCY,
  settings: { backoffStrategy: deliveryBackoffStrategy },
})
export class AlertDeliveryProcessor extends ResilientWorkerHost {
  constructor(
    private readonly runner: DeliveryRunner,
    redis: RedisConnections,
  ) {
    super('alert delivery worker', redis);
  }

  async process(job: Job): Promise<void> {
    const attempt = { tryNumber: job.attemptsMade + 1, tries: job.opts.attempts ?? 1 };
    try {
      if (job.name === DELIVERY_JOBS.send) await this.runner.send(job.data as AlertSendJob, attempt);
      else if (job.name === DELIVERY_JOBS.digest) await this.runner.digest(job.data as AlertDigestJob, attempt);
      else throw new PermanentDeliveryError(`unknown alert delivery job "${job.name}"`);
    } catch (err) {
      if (err instanceof PermanentDeliveryError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }
}
