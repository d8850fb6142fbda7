/** The state a source is shown in. */
export type SourceState = 'ok' | 'failing' | 'paused';

/** Longest wait between two tries of a failing source. */
export const MAX_BACKOFF_MS = 15 * 60_000;

/** The counters of a source's run history that decide its state. */
export interface RunHistory {
  /** Failed runs in a row (0 after a success). */
  failures: number;
  paused: boolean;
}

/** `failing` after `failingAfter` failed runs in a row; `paused` wins over both. */
export function sourceState(history: RunHistory, failingAfter: number): SourceState {
  if (history.paused) return 'paused';
  return history.failures >= failingAfter ? 'failing' : 'ok';
}

/**
 * Back-off of a failing source: its schedule goes on, but after `failures` failed runs in a row the
 * ticks that fall sooner than `interval × 2^(failures-1)` (at most MAX_BACKOFF_MS, never less than
 * one interval) after the last run are skipped. Returns the earliest time of the next try (epoch ms).
 */
export function retryNotBefore(lastRunAt: number, failures: number, intervalMs: number): number {
  if (failures <= 0) return lastRunAt;
  const factor = 2 ** Math.min(failures - 1, 30);
  const wait = Math.min(Math.max(intervalMs, 1000) * factor, Math.max(MAX_BACKOFF_MS, intervalMs));
  // Ticks come a little early or late: a tick within 10 % of an interval of the time is taken.
  return lastRunAt + wait - Math.min(intervalMs * 0.1, 5000);
}
