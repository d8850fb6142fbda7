import { WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { closeWorkerIfRedisGone, logConnectionErrors } from './connection-errors.util';
import { type RedisConnections } from './redis-connections';

/**
 * Base of ioc-stream's BullMQ processors, for when Redis is not there: the worker's connection errors
 * are logged once a minute per message (BullMQ would print every retry's stack), and on shutdown with
 * Redis unreachable the worker is closed at once (`closeWorkerIfRedisGone`). Subclasses that define
 * these hooks call `super`.
 */
export abstract class ResilientWorkerHost
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private errorsLogged = false;
  private readonly stallLogger = new Logger('Worker');

  protected constructor(
    private readonly label: string,
    private readonly connections: RedisConnections,
  ) {
    super();
  }

  /** As early as the worker exists. */
  onModuleInit(): void {
    this.logErrors();
  }

  onApplicationBootstrap(): void {
    this.logErrors();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await closeWorkerIfRedisGone(this.worker, () => this.connections.command.ping());
  }

  private logErrors(): void {
    if (this.errorsLogged || !this.worker) return;
    logConnectionErrors(this.worker, this.label);
    // A job whose worker stopped holding it (crashed, or its event loop was blocked past the lock).
    this.worker.on('stalled', (jobId: string) =>
      this.stallLogger.warn(`${this.label}: job ${jobId} was held by a worker that stopped; queued again`),
    );
    this.errorsLogged = true;
  }
}
