import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { JOBS, QUEUES, SimulateTickJob } from '@app/contracts';
import { logConnectionErrors, RedisConnections } from '@app/redis';
import { Queue } from 'bullmq';

export const DEMO_SCHEDULERS = {
  second: { id: 'demo-every-second', every: 1000 },
  minute: { id: 'demo-every-minute', every: 60_000 },
} as const;

/** How often the demo's job schedulers are checked for (and put back when Redis lost them). */
export const DEMO_SCHEDULE_CHECK_MS = 10_000;

type Cadence = keyof typeof DEMO_SCHEDULERS;
const TICK_OPTIONS = { removeOnComplete: true, removeOnFail: 100 } as const;

/**
 * Keeps the demo feeds scheduled (BullMQ job schedulers) in demo mode, and removes them when it is off.
 * The schedulers live in Redis only: after Redis lost its data (a restart without persistence, a
 * FLUSHALL, keys deleted by hand) they would be gone for good. So they are checked every
 * DEMO_SCHEDULE_CHECK_MS and whenever the connection to Redis is ready again, and put back when
 * missing (one cheap read per scheduler; nothing is written while they are there).
 */
@Injectable()
export class DemoFeedScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Simulator');
  private timer?: NodeJS.Timeout;
  private checking = false;
  private readonly onRedisReady = () => this.check();

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnections,
    @InjectQueue(QUEUES.simulator) private readonly queue: Queue<SimulateTickJob>,
  ) {
    // At once: a queue that emits a connection error with no listener prints the error's whole stack.
    logConnectionErrors(queue, 'simulator queue');
  }

  onApplicationBootstrap(): void {
    // In the background: start-up must not wait for Redis.
    if (!this.config.demo) {
      this.unschedule().catch((err: Error) => this.logger.error(`demo feeds not removed: ${err.message}`));
      return;
    }
    this.checking = true;
    this.schedule()
      .catch((err: Error) => this.logger.error(`demo feeds not scheduled: ${err.message}`))
      .finally(() => (this.checking = false));
    this.timer = setInterval(() => this.check(), DEMO_SCHEDULE_CHECK_MS);
    this.timer.unref();
    this.redis.command.on('ready', this.onRedisReady);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.redis.command.off('ready', this.onRedisReady);
  }

  /** At start: every scheduler set as the code says (its interval may have changed), and a first full tick. */
  private async schedule(): Promise<void> {
    for (const cadence of Object.keys(DEMO_SCHEDULERS) as Cadence[]) await this.upsert(cadence);
    await this.fullTick();
    this.logger.log('demo feeds scheduled: every second and every minute');
  }

  /** Later: put back the schedulers Redis no longer has (one check at a time; none while Redis is away). */
  private check(): void {
    if (this.checking) return;
    this.checking = true;
    this.restoreMissing()
      .catch((err: Error) => this.logger.warn(`demo feeds not checked: ${err.message}`))
      .finally(() => (this.checking = false));
  }

  private async restoreMissing(): Promise<void> {
    const missing: Cadence[] = [];
    for (const [cadence, s] of Object.entries(DEMO_SCHEDULERS) as [Cadence, { id: string }][]) {
      if (!(await this.queue.getJobScheduler(s.id))) missing.push(cadence);
    }
    if (missing.length === 0) return;
    for (const cadence of missing) await this.upsert(cadence);
    await this.fullTick();
    this.logger.warn(
      `demo feeds were missing from Redis (its data was lost?): scheduled again (${missing.join(', ')})`,
    );
  }

  private async unschedule(): Promise<void> {
    for (const s of Object.values(DEMO_SCHEDULERS)) await this.queue.removeJobScheduler(s.id);
  }

  private async upsert(cadence: Cadence): Promise<void> {
    const s = DEMO_SCHEDULERS[cadence];
    await this.queue.upsertJobScheduler(
      s.id,
      { every: s.every },
      { name: JOBS.simulateTick, data: { cadence }, opts: TICK_OPTIONS },
    );
  }

  /** A full tick at once, so a fresh (or emptied) wall is full without waiting a minute. */
  private async fullTick(): Promise<void> {
    await this.queue.add(JOBS.simulateTick, { cadence: 'minute' }, TICK_OPTIONS);
  }
}
