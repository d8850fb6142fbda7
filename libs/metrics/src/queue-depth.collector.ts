import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QUEUES } from '@app/contracts';
import { RedisConnections } from '@app/redis';
import { Queue } from 'bullmq';
import { Metrics } from './metrics.service';

/** The job states counted per queue (BullMQ 6 has no `paused` state; `completed` jobs are removed). */
export const COUNTED_JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
] as const;

/**
 * `ioc_queue_jobs{queue, state}`: BullMQ's job counts of every ioc-stream queue, read at scrape time
 * over the process's shared Redis command connection (no connection of its own), cached 2 s and given
 * up after 1 s, so a scrape answers quickly while Redis is down.
 */
@Injectable()
export class QueueDepthCollector implements OnModuleInit, OnApplicationShutdown {
  private queues: Queue[] = [];

  constructor(
    private readonly metrics: Metrics,
    private readonly redis: RedisConnections,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const prefix = `${this.config.redisPrefix}:bull`;
    this.queues = Object.values(QUEUES).map((name) => {
      const queue = new Queue(name, { connection: this.redis.command, prefix });
      // The shared connection's errors are logged by RedisConnections; BullMQ would throw them unheard.
      queue.on('error', () => undefined);
      return queue;
    });
    this.metrics.gauge({
      name: 'ioc_queue_jobs',
      help: 'Jobs in each BullMQ queue by state, read from Redis at scrape time (waiting and delayed growing: workers fall behind or are down; failed: jobs kept for inspection)',
      labelNames: ['queue', 'state'],
      cache: { ttlMs: 2000, timeoutMs: 1000 },
      collect: () => this.read(),
    });
  }

  private async read() {
    const counts = await Promise.all(this.queues.map((q) => q.getJobCounts(...COUNTED_JOB_STATES)));
    return this.queues.flatMap((q, i) =>
      COUNTED_JOB_STATES.map((state) => ({ labels: { queue: q.name, state }, value: counts[i][state] ?? 0 })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    // The connection is shared (closed by RedisConnections): this only lets go of the queues.
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
  }
}
