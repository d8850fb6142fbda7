import type { IndicatorPoint, LivePoint } from './point.type';

/** Queue names, in one place (BullMQ). */
export const QUEUES = {
  ingest: 'ioc-ingest',
  simulator: 'ioc-simulator',
  /** One job per (alert transition, channel) try sequence; also renotify, escalation and digest jobs. */
  alertDelivery: 'ioc-alert-delivery',
  /** One job per tick of a source's schedule (HTTP poll), from a BullMQ job scheduler per source. */
  connectors: 'ioc-connectors',
} as const;

/**
 * BullMQ worker options of every ioc-stream worker (ingest and simulator), set on purpose:
 * - `runRetryDelay` 2 s: after a Redis error, try again in 2 s (BullMQ's default waits 15 s, which with
 *   its reconnect back-off made a worker idle ~30 s after an outage).
 * - Crash recovery (docs/operations.md, "Crash recovery"). A job held by a worker that dies keeps its
 *   lock until the lock expires; the next stalled-job check of any live worker then puts it back in
 *   `wait`. Worst case after a SIGKILL: `lockDuration` + `stalledInterval` (+ the restart when no other
 *   worker runs), so 10 s + 3 s keeps "accepted points readable within 15 s of being up again".
 *   BullMQ's defaults (30 s + 30 s) took 40-70 s.
 * - `lockDuration` 10 s: the lock is renewed every 5 s (half of it) while a job runs, however long the
 *   job is; only an event loop blocked for over 5 s would lose it, and then another worker merely
 *   writes the same points again (writes are idempotent). Shorter would make that likelier under GC
 *   pauses or a busy machine, longer would delay recovery.
 * - `stalledInterval` 3 s: one cheap Lua script per worker every 3 s.
 * - `maxStalledCount` 1000: BullMQ's 1 failed a job whose redo was killed too, i.e. lost accepted
 *   points to two crashes in a row. A stalled job is always safe to run again, so only a true poison
 *   job (one that kills every worker that runs it) should ever reach the limit: after 1000 crashes it
 *   is moved to `failed` and kept for inspection.
 */
export const WORKER_OPTIONS = {
  runRetryDelay: 2000,
  lockDuration: 10_000,
  stalledInterval: 3000,
  maxStalledCount: 1000,
} as const;

export const JOBS = {
  ingestBatch: 'ingest-batch',
  simulateTick: 'simulate-tick',
  pollSource: 'poll-source',
} as const;

/**
 * Payload of an ingest job: points already validated against the catalogue, as `p`, the compact
 * encoding of `encodePointTuples` (in time order; the worker passes it to the live stream as is).
 * `points` is the first form (objects), still read for jobs queued by an older version.
 */
export interface IngestBatchJob {
  p?: string;
  points?: IndicatorPoint[];
  /** Epoch ms when the HTTP request was accepted. */
  receivedAt: number;
  /**
   * The reports of period values among `p` (absent when there are none): the worker logs each in the
   * revision log in the same round trip as the point write, and marks the live point `revised`.
   */
  r?: PeriodReportTuple[];
}

/** Who reported a period value and when: `[index of the point in p, period label, reportedAt (ms), by]`. */
export type PeriodReportTuple = [index: number, period: string, reportedAt: number, by: string];

/** A period value's report, as the worker reads it from its job. */
export interface PeriodReport {
  /** The point's index in the job's points. */
  index: number;
  /** The period's label (`2026-10`, `2026-Q3`, `2026`, `2026-10-05`). */
  period: string;
  /** When intake accepted it (epoch ms). */
  reportedAt: number;
  /** The sending key's name, or the source kind when no key sent it. */
  by: string;
}

/** The job's `r`, checked against its `pointCount` points; null when it is not a valid list. */
export function decodePeriodReports(raw: unknown, pointCount: number): PeriodReport[] | null {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return null;
  const out: PeriodReport[] = [];
  for (const t of raw as unknown[]) {
    if (!Array.isArray(t) || t.length !== 4) return null;
    const [index, period, reportedAt, by] = t as unknown[];
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= pointCount) return null;
    if (typeof period !== 'string' || typeof reportedAt !== 'number' || typeof by !== 'string') return null;
    out.push({ index: index as number, period, reportedAt, by });
  }
  return out;
}

/**
 * Compact encoding of points: one JSON array of [indicator, scope, ts, value] tuples. A period point
 * that carries `period` (the live stream's points of period indicators) is
 * [indicator, scope, ts, value, period, revised 0|1]; stream points stay four long.
 */
export function encodePointTuples(points: readonly LivePoint[]): string {
  return JSON.stringify(
    points.map((p) =>
      p.period === undefined
        ? [p.indicator, p.scope, p.ts, p.value]
        : [p.indicator, p.scope, p.ts, p.value, p.period, p.revised ? 1 : 0],
    ),
  );
}

export function decodePointTuples(raw: string): LivePoint[] {
  const tuples = JSON.parse(raw) as [string, string, number, number, string?, number?][];
  return tuples.map((t) =>
    t.length < 6
      ? { indicator: t[0], scope: t[1], ts: t[2], value: t[3] }
      : { indicator: t[0], scope: t[1], ts: t[2], value: t[3], period: t[4], revised: t[5] === 1 },
  );
}

/** Payload of a simulator tick: which cadence group to feed. */
export interface SimulateTickJob {
  cadence: 'second' | 'minute';
}

/** Payload of a source poll: which source (its settings are read from the database at each run). */
export interface PollSourceJob {
  sourceId: string;
}
