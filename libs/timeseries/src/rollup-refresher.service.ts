import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TIME_SERIES_STORE, type TimeSeriesStore } from './time-series-store';

const INTERVAL_MS = 2000;
const TRIM_EVERY_MS = 60 * 60 * 1000;
const SHUTDOWN_WAIT_MS = 2000;

/**
 * Worker side: keeps rollups of recently written days up to date (a few seconds behind the writes),
 * seals finished days, and once an hour drops what is past retention.
 */
@Injectable()
export class RollupRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Rollups');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private lastTrim = 0;

  constructor(@Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.drain().finally(() => (this.running = null));
    }, INTERVAL_MS);
  }

  /**
   * Lets a refresh in flight finish, but not wait on a Redis that is gone: an abandoned refresh loses
   * nothing (reads never use a stale rollup, and the next refresh finds the days stale again).
   */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((r) => (timer = setTimeout(r, SHUTDOWN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private async drain(): Promise<void> {
    try {
      while ((await this.store.refreshRollups(500)) === 500);
      if (Date.now() - this.lastTrim >= TRIM_EVERY_MS) {
        this.lastTrim = Date.now();
        const dropped = await this.store.trim();
        if (dropped > 0) this.logger.log(`dropped ${dropped} series-days past their rollup retention`);
      }
    } catch (err) {
      this.logger.warn(`rollup refresh failed (reads stay exact from raw points): ${(err as Error).message}`);
    }
  }
}
