import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SourcesService } from '../sources/sources.service';
import { SourceHealth } from '../supervision/source-health.service';
import { SourceScheduler } from './source-scheduler.service';

/** How often a worker checks the sources' schedulers against the database. */
export const SCHEDULE_CHECK_MS = 30_000;

/**
 * In worker processes: at start and every SCHEDULE_CHECK_MS, puts back the job schedulers Redis lost
 * (a restart without persistence, a flush) and removes those of deleted sources; makes sure every
 * source's health scope exists.
 */
@Injectable()
export class ScheduleKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Connectors');
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly sources: SourcesService,
    private readonly scheduler: SourceScheduler,
    private readonly health: SourceHealth,
  ) {}

  onApplicationBootstrap(): void {
    this.check(true);
    this.timer = setInterval(() => this.check(false), SCHEDULE_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private check(first: boolean): void {
    if (this.checking) return;
    this.checking = true;
    this.run(first)
      .catch((err: Error) => this.logger.warn(`source schedules not checked: ${err.message}`))
      .finally(() => (this.checking = false));
  }

  private async run(first: boolean): Promise<void> {
    const all = await this.sources.all();
    if (first && all.length > 0) await this.health.ensure(all);
    const { restored, removed } = await this.scheduler.reconcile(all, (id) => this.sources.exists(id));
    if (restored || removed) {
      this.logger.log(`source schedules: ${restored} put back, ${removed} of deleted sources removed`);
    }
  }
}
