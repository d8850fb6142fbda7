/** `POST /api/v1/ingest`: the body and the answer (the contract's "Ingest rules"). */

/** A point as sent: `ts` is epoch milliseconds or an ISO-8601 string with an offset. */
export interface IngestPoint {
  indicator: string;
  scope: string;
  /** Epoch ms or ISO-8601 with an offset; for a period indicator, moved to the start of its period. */
  ts?: number | string;
  /** Instead of ts, for a period indicator: `2026-10`, `2026-Q3`, `2026`, `2026-10-05`. */
  period?: string;
  value: number;
}

/** The ingest body: at most `MAX_POINTS_PER_INGEST` points. */
export interface IngestRequest {
  points: IngestPoint[];
}

/** A point that was not accepted: its index in the body's `points` and why, in words. */
export interface RejectedPoint {
  index: number;
  reason: string;
}

/** The `202` answer: how many points are durably queued, and every point that is not. */
export interface IngestResult {
  accepted: number;
  rejected: RejectedPoint[];
}
