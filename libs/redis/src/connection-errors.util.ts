import { Logger } from '@nestjs/common';

interface ErrorEmitter {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * Logs a queue's or worker's connection errors as one warning per distinct message per minute,
 * instead of BullMQ's default of printing every retry's stack trace.
 */
export function logConnectionErrors(emitter: ErrorEmitter, label: string, logger = new Logger('Redis')): void {
  const lastSeen = new Map<string, number>();
  emitter.on('error', (err: Error) => {
    const now = Date.now();
    if (now - (lastSeen.get(err.message) ?? 0) < 60_000) return;
    lastSeen.set(err.message, now);
    logger.warn(`${label}: ${err.message}; retrying`);
  });
}
