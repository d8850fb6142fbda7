import { Processor } from '@nestjs/bullmq';
import { QUEUES, SimulateTickJob, WORKER_OPTIONS } from '@app/contracts';
import { RedisConnections, ResilientWorkerHost } from '@app/redis';
import { Job, UnrecoverableError } from 'bullmq';
import { SimulatorService } from './simulator.service';

/** Thin adapter: runs the demo ticks that DemoFeedScheduler schedules. */
@Processor(QUEUES.simulator, WORKER_OPTIONS)
export class SimulatorProcessor extends ResilientWorkerHost {
  constructor(
    private readonly simulator: SimulatorService,
    redis: RedisConnections,
  ) {
    super('simulator worker', redis);
  }

  async process(job: Job<SimulateTickJob>): Promise<{ points: number }> {
    const cadence = job.data?.cadence;
    if (cadence !== 'second' && cadence !== 'minute')
      throw new UnrecoverableError(`bad simulator cadence ${String(cadence)}`);
    // The time the tick was due: the same on a retry, so a retried tick writes the same values.
    const due = job.timestamp + (job.opts.delay ?? 0);
    // A tick that waited too long is stale: skip it rather than flood the queue.
    if (cadence === 'second' && Date.now() - due > 10_000) return { points: 0 };
    return { points: await this.simulator.tick(cadence, due) };
  }
}
