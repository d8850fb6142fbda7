import type { IndicatorPoint } from './point.type';

/** Queue names, in one place (BullMQ). */
export const QUEUES = {
  ingest: 'ioc-ingest',
  simulator: 'ioc-simulator',
} as const;

export const JOBS = {
  ingestBatch: 'ingest-batch',
  simulateTick: 'simulate-tick',
} as const;

/** Payload of an ingest job: points already validated against the catalogue. */
export interface IngestBatchJob {
  points: IndicatorPoint[];
  /** Epoch ms when the HTTP request was accepted. */
  receivedAt: number;
}

/** Payload of a simulator tick: which cadence group to feed. */
export interface SimulateTickJob {
  cadence: 'second' | 'minute';
}
