import type { ChildProcess } from 'node:child_process';
import { killAllServices } from '../support/service';

/** What every scenario hands back: its totals, its own figures, and the invariants it saw broken. */
export interface ScenarioResult {
  name: string;
  /** Points sent in ingest requests. */
  sent: number;
  /** Points answered 202 (accepted). */
  accepted: number;
  /** Accepted points read back at the end (null when the scenario does not read back). */
  readBack: number | null;
  /** Accepted points that could not be read back. */
  lost: number;
  /** Longest wait, in seconds, until an accepted point was readable after its process was back. */
  lateSMax: number | null;
  figures: Record<string, unknown>;
  /** Broken invariants, one sentence each; empty when the scenario passed. */
  failures: string[];
}

export function emptyResult(name: string): ScenarioResult {
  return { name, sent: 0, accepted: 0, readBack: null, lost: 0, lateSMax: null, figures: {}, failures: [] };
}

const started = Date.now();

/** One line of the run's log, prefixed with the scenario and the seconds since the suite started. */
export function log(scenario: string, message: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`${s}s [${scenario}] ${message}`);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal?.aborted) return done();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
}

/** Rejects when `p` takes longer than `ms` (the promise itself is left to settle on its own). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** The q-quantile (0..1) of the values, nearest rank; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Adds one to a named counter. */
export function bump(counts: Record<string, number>, name: string, by = 1): void {
  counts[name] = (counts[name] ?? 0) + by;
}

/**
 * Child processes the suite started outside startService (redis-server, the abuser) and cleanups to
 * run on the way out: killed and run on a normal end, a signal and the global timeout alike.
 */
const extraChildren = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<unknown>>();

export function trackChild(child: ChildProcess): void {
  extraChildren.add(child);
  child.once('exit', () => extraChildren.delete(child));
}

/** Registers a cleanup; returns a function that unregisters it (call it once the cleanup ran). */
export function onCleanup(fn: () => Promise<unknown>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Kills every child at once (SIGKILL), then runs the pending cleanups, each bounded to 5 s. */
export async function killEverything(): Promise<void> {
  killAllServices();
  for (const child of extraChildren) child.kill('SIGKILL');
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.all(pending.map((fn) => withTimeout(fn(), 5000, 'cleanup').catch(() => undefined)));
}
