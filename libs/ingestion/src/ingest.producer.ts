import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { encodePointTuples, IngestBatchJob, IndicatorPoint, JOBS, QUEUES } from '@app/contracts';
import { logConnectionErrors } from '@app/redis';
import { Queue } from 'bullmq';

/** How long an enqueue may wait for Redis before the request is refused (nothing accepted). */
const ENQUEUE_TIMEOUT_MS = 10_000;

/** Ingest job options, set once: retries with back-off; failed jobs are kept for an operator to retry. */
export const INGEST_JOB_OPTIONS = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: false,
} as const;

/**
 * Durably queues validated points for the ingest worker. When `enqueue` resolves the batch is in
 * Redis, so a crash of any ioc-stream process after that loses nothing.
 */
@Injectable()
export class IngestProducer {
  constructor(@InjectQueue(QUEUES.ingest) private readonly queue: Queue<IngestBatchJob>) {
    logConnectionErrors(queue, 'ingest queue');
  }

  async enqueue(points: IndicatorPoint[]): Promise<void> {
    if (points.length === 0) return;
    // In time order, so the worker can hand the same string to the live stream.
    const sorted = [...points].sort((a, b) => a.ts - b.ts);
    const job: IngestBatchJob = { p: encodePointTuples(sorted), receivedAt: Date.now() };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ServiceUnavailableException(
              'the ingest queue (Redis) is not answering: nothing was accepted, retry later',
            ),
          ),
        ENQUEUE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.queue.add(JOBS.ingestBatch, job, INGEST_JOB_OPTIONS), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
