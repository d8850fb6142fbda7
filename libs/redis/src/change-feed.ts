import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RedisConnections } from './redis-connections';

/**
 * "Something changed, reload it" between processes, over Redis pub/sub: `announce` after a local
 * write; `follow` reloads when another process announced, and on a timer in case a message was
 * missed (one sent while Redis is down waits in the client's queue).
 */
export class ChangeFeed {
  private readonly instance = randomUUID();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisConnections,
    private readonly channel: string,
    private readonly what: string,
    private readonly logger: Logger,
  ) {}

  /** Calls `reload` when another process announces a change, and every `everyMs`; a failed reload is logged. */
  follow(connectionName: string, reload: () => Promise<void>, everyMs: number): void {
    const run = () => void reload().catch((e: Error) => this.logger.warn(`${this.what} reload failed: ${e.message}`));
    const sub = this.redis.open(connectionName);
    sub.on('message', (_channel: string, from: string) => {
      if (from !== this.instance) run();
    });
    sub
      .subscribe(this.channel)
      .catch((e: Error) => this.logger.warn(`cannot follow ${this.what} changes: ${e.message}`));
    this.timer = setInterval(run, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  announce(): void {
    this.redis.command
      .publish(this.channel, this.instance)
      .catch((e: Error) => this.logger.warn(`${this.what} change not announced: ${e.message}`));
  }
}

/** Runs `load` now, or once more after the run in flight when one is (concurrent calls share it). */
export function coalesced(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await load();
      } while (again);
    })().finally(() => (running = null));
    return running;
  };
}
