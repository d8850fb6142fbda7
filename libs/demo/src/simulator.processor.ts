import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { JOBS, QUEUES, SimulateTickJob, WORKER_OPTIONS } from '@app/contracts';
import { logConnectionErrors, RedisConnections, ResilientWorkerHost } from '@app/redis';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { SimulatorService } from './simulator.service';

export const DEMO_SCHEDULERS = {
  second: { id: 'demo-every-second', every: 1000 },
  minute: { id: 'demo-every-minute', every: 60_000 },
} as const;

/** Schedules the demo ticks (BullMQ job schedulers) when demo mode is on, removes them when it is off. */
@Processor(QUEUES.simulator, WORKER_OPTIONS)
export class SimulatorProcessor extends ResilientWorkerHost {
  private readonly logger = new Logger('Simulator');

  constructor(
    private readonly simulator: SimulatorService,
    private readonly config: AppConfig,
    redis: RedisConnections,
    @InjectQueue(QUEUES.simulator) private readonly queue: Queue<SimulateTickJob>,
  ) {
    super('simulator worker', redis);
    // At once: a queue that emits a connection error with no listener prints the error's whole stack.
    logConnectionErrors(queue, 'simulator queue');
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    // In the background: start-up must not wait for Redis.
    this.schedule().catch((err: Error) => this.logger.error(`demo feeds not scheduled: ${err.message}`));
  }

  private async schedule(): Promise<void> {
    if (!this.config.demo) {
      for (const s of Object.values(DEMO_SCHEDULERS)) await this.queue.removeJobScheduler(s.id);
      return;
    }
    for (const [cadence, s] of Object.entries(DEMO_SCHEDULERS) as [
      'second' | 'minute',
      (typeof DEMO_SCHEDULERS)['second'],
    ][]) {
      await this.queue.upsertJobScheduler(
        s.id,
        { every: s.every },
        { name: JOBS.simulateTick, data: { cadence }, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    }
    // A first full tick, so a fresh wall is full at once.
    await this.queue.add(JOBS.simulateTick, { cadence: 'minute' }, { removeOnComplete: true, removeOnFail: 100 });
    this.logger.log('demo feeds scheduled: every second and every minute');
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
