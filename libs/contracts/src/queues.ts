import type { IndicatorPoint } from './point.type';

/** Queue names, in one place (BullMQ). */
export const QUEUES = {
  ingest: 'ioc-ingest',
  simulator: 'ioc-simulator',
} as const;

/**
 * BullMQ worker options of every ioc-stream worker: after a Redis error, try again in 2 s (BullMQ's
 * default waits 15 s, which with its reconnect back-off made a worker idle ~30 s after an outage).
 */
export const WORKER_OPTIONS = { runRetryDelay: 2000 } as const;

export const JOBS = {
  ingestBatch: 'ingest-batch',
  simulateTick: 'simulate-tick',
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
}

/** Compact encoding of points: one JSON array of [indicator, scope, ts, value] tuples. */
export function encodePointTuples(points: readonly IndicatorPoint[]): string {
  return JSON.stringify(points.map((p) => [p.indicator, p.scope, p.ts, p.value]));
}

export function decodePointTuples(raw: string): IndicatorPoint[] {
  const tuples = JSON.parse(raw) as [string, string, number, number][];
  return tuples.map(([indicator, scope, ts, value]) => ({ indicator, scope, ts, value }));
}

/** Payload of a simulator tick: which cadence group to feed. */
export interface SimulateTickJob {
  cadence: 'second' | 'minute';
}
