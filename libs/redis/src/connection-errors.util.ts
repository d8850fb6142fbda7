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

interface ClosableWorker {
  close(force?: boolean): Promise<void>;
}

/**
 * On shutdown, before Nest closes BullMQ workers gracefully (which waits for Redis): when Redis does
 * not answer a PING within half a second, close the worker at once. Nothing is lost: a job in hand
 * keeps its place in Redis, its lock expires and BullMQ runs it again (writes are idempotent).
 */
export async function closeWorkerIfRedisGone(
  worker: ClosableWorker | undefined,
  ping: () => Promise<unknown>,
): Promise<void> {
  if (!worker) return;
  let timer: NodeJS.Timeout | undefined;
  const up = await Promise.race([
    ping().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 500))),
  ]);
  clearTimeout(timer);
  if (!up) await worker.close(true);
}
