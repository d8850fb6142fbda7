import type { BackoffStrategy, JobsOptions } from 'bullmq';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * How long a delivery waits after each failed try before the next one (ms), per the contract's "Webhook
 * retries": the first retry 2 s after a failed try, then 5 s, 10 s, 20 s, 40 s, then doubling (80 s,
 * 160 s, 320 s) up to 10 min, then every 10 min. 14 waits, so 15 tries in all; the delivery is `dead`
 * after the 15th. A try itself takes at most 10 s (the HTTP limit), so:
 *
 * | try | starts (failing at once) | starts (each try timing out at 10 s) |
 * | --- | --- | --- |
 * | 1 | 0 s | 0 s |
 * | 2 | 2 s | 12 s |
 * | 3 | 7 s | 27 s |
 * | 4 | 17 s | 47 s |
 * | 5 | 37 s | 1 min 17 s |
 * | 6 | 1 min 17 s | 2 min 7 s |
 * | 8 | 5 min 17 s | 6 min 27 s |
 * | 9 | 10 min 37 s | 11 min 57 s |
 * | 10 | 20 min 37 s | 22 min 7 s |
 * | 15 | 1 h 10 min 37 s | 1 h 12 min 57 s |
 *
 * At least three tries start within 30 s either way. The same table is in docs/alerting.md.
 */
export const DELIVERY_RETRY_DELAYS_MS: readonly number[] = [
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  20 * SECOND,
  40 * SECOND,
  80 * SECOND,
  160 * SECOND,
  320 * SECOND,
  ...Array<number>(6).fill(10 * MINUTE),
];

/** Name of the BullMQ back-off of delivery jobs (a custom strategy: `deliveryBackoffStrategy`). */
export const DELIVERY_BACKOFF_TYPE = 'ioc-alert-delivery';

/** Tries in all for a schedule of waits. */
export function triesOf(delaysMs: readonly number[]): number {
  return delaysMs.length + 1;
}

/** The wait after failed try `tryNumber` (1-based), or null when that was the last try. */
export function retryDelayAfter(tryNumber: number, delaysMs: readonly number[]): number | null {
  if (!Number.isInteger(tryNumber) || tryNumber < 1 || tryNumber > delaysMs.length) return null;
  return delaysMs[tryNumber - 1];
}

/**
 * The worker's custom back-off (`settings.backoffStrategy`). BullMQ calls it with the number of tries
 * made so far, the failed one included. The waits travel in the job (`retryDelaysMs`), so the ledger's
 * `nextTryAt` and BullMQ's delay come from the same numbers; -1 tells BullMQ not to retry.
 */
export const deliveryBackoffStrategy: BackoffStrategy = (attemptsMade, _type, _err, job) => {
  const delays = (job?.data as { retryDelaysMs?: unknown } | undefined)?.retryDelaysMs;
  const schedule = Array.isArray(delays) ? (delays as number[]) : DELIVERY_RETRY_DELAYS_MS;
  return retryDelayAfter(attemptsMade, schedule) ?? -1;
};

/**
 * Job options of a delivery or digest job: its deterministic id (adding the same id again adds
 * nothing while the job is kept), its tries, and how long finished jobs are kept: completed ones two
 * days (the window in which a repeated `deliver()` is recognised), dead ones two weeks.
 */
export function deliveryJobOptions(jobId: string, delaysMs: readonly number[], delay?: number): JobsOptions {
  return {
    jobId,
    attempts: triesOf(delaysMs),
    backoff: { type: DELIVERY_BACKOFF_TYPE },
    removeOnComplete: { age: 2 * 24 * 3600, count: 100_000 },
    removeOnFail: { age: 14 * 24 * 3600, count: 100_000 },
    ...(delay !== undefined && delay > 0 ? { delay } : {}),
  };
}
