import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import {
  encodePointTuples,
  IngestBatchJob,
  IndicatorPoint,
  JOBS,
  type PeriodReport,
  type PeriodReportTuple,
  QUEUES,
} from '@app/contracts';
import { logConnectionErrors } from '@app/redis';
import { Queue } from 'bullmq';

/** How long an enqueue may wait for Redis before it fails (an HTTP request is answered 503). */
const ENQUEUE_TIMEOUT_MS = 10_000;

/** The 503 of a request whose batch was never sent to Redis. */
export const NOT_QUEUED_MESSAGE = 'the ingest queue (Redis) is not answering: nothing was queued; retry later';
/** The 503 of a request whose batch was sent but not confirmed in time: it may be in the queue. */
export const MAYBE_QUEUED_MESSAGE =
  'the ingest queue (Redis) did not confirm in time: the batch MAY have been queued; ' +
  'sending the same batch again is safe (writes are idempotent)';

/** The queue did not take a batch in time. `maybeQueued`: the add was sent, so the batch may be in the queue. */
export class QueueUnavailableError extends Error {
  constructor(readonly maybeQueued: boolean) {
    super(maybeQueued ? MAYBE_QUEUED_MESSAGE : NOT_QUEUED_MESSAGE);
    this.name = 'QueueUnavailableError';
  }
}

/** Ingest job options, set once: retries with back-off; failed jobs are kept for an operator to retry. */
export const INGEST_JOB_OPTIONS = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: false,
} as const;

/** Points per job at most when requests are grouped (a single request is never split). */
const JOB_MAX_POINTS = 20_000;
/** Queue adds in flight at once; requests arriving meanwhile are grouped into the next one. */
const ADDS_IN_FLIGHT = 1;

/** A point to queue; a period value carries who reported it and when (the worker logs it as a revision). */
export interface QueuedPoint extends IndicatorPoint {
  report?: Omit<PeriodReport, 'index'>;
}

interface Waiting {
  points: QueuedPoint[];
  done: (err?: Error) => void;
}

/**
 * Durably queues validated points for the ingest worker. When `enqueue` resolves the batch is in
 * Redis, so a crash of any ioc-stream process after that loses nothing.
 *
 * Group commit: at most ADDS_IN_FLIGHT queue adds run at once; requests that arrive while they do are
 * merged into one job when a slot frees up (no timer: an idle service adds at once). Under load this
 * turns many small requests into few large jobs, which the worker writes far more cheaply (per job
 * and per series costs). Every request in a group gets the group's outcome.
 */
@Injectable()
export class IngestProducer {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  /** How long a request waits for Redis before its 503 (a property so tests can shorten it). */
  enqueueTimeoutMs = ENQUEUE_TIMEOUT_MS;

  constructor(@InjectQueue(QUEUES.ingest) private readonly queue: Queue<IngestBatchJob>) {
    logConnectionErrors(queue, 'ingest queue');
  }

  enqueue(points: QueuedPoint[]): Promise<void> {
    if (points.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = {
        points,
        done: (err) => {
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        },
      };
      // Redis not answering: 503 after enqueueTimeoutMs. A request still waiting is dropped unsent
      // (nothing queued); one whose add is in flight may yet land in the queue, and its 503 says so.
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        entry.done(new QueueUnavailableError(i < 0));
      }, this.enqueueTimeoutMs);
      this.waiting.push(entry);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < ADDS_IN_FLIGHT && this.waiting.length > 0) {
      const group: Waiting[] = [];
      let size = 0;
      while (
        this.waiting.length > 0 &&
        (group.length === 0 || size + this.waiting[0].points.length <= JOB_MAX_POINTS)
      ) {
        const next = this.waiting.shift()!;
        group.push(next);
        size += next.points.length;
      }
      this.inFlight++;
      void this.add(group.length === 1 ? group[0].points : group.flatMap((g) => g.points))
        .then(
          () => group.forEach((g) => g.done()),
          (err: Error) => group.forEach((g) => g.done(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  private async add(points: QueuedPoint[]): Promise<void> {
    // In time order, so the worker can hand the same string to the live stream.
    const sorted = [...points].sort((a, b) => a.ts - b.ts);
    const job: IngestBatchJob = { p: encodePointTuples(sorted), receivedAt: Date.now() };
    const reports = periodReports(sorted);
    if (reports.length > 0) job.r = reports;
    await this.queue.add(JOBS.ingestBatch, job, INGEST_JOB_OPTIONS);
  }
}

/** The job's `r`: the reports of the period points among `points` (by index), in order. */
export function periodReports(points: readonly QueuedPoint[]): PeriodReportTuple[] {
  const out: PeriodReportTuple[] = [];
  points.forEach((p, i) => {
    if (p.report) out.push([i, p.report.period, p.report.reportedAt, p.report.by]);
  });
  return out;
}
