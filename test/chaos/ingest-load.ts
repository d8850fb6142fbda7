import { bump, sleep } from './chaos-harness';

export interface SeriesRef {
  indicator: string;
  scope: string;
}

/** A point's identity in the suite: its series' index and its ts (relative to the run's t0). */
export function pointId(series: number, ts: number, t0: number): number {
  return series * 2 ** 32 + (ts - t0);
}

export function seriesOfId(id: number): number {
  return Math.floor(id / 2 ** 32);
}

export interface RequestRecord {
  sentAt: number;
  answeredAt: number;
  /** HTTP status, or the error's name when there was no answer. */
  status: number | string;
  points: number;
  accepted: number;
}

/**
 * What the ingest clients sent and, exactly, which points got a 202: per series the accepted ts and
 * when the answer came. Shared by all clients of a scenario.
 */
export class AcceptedLedger {
  readonly perSeries: { ts: number[]; at: number[] }[];
  readonly requests: RequestRecord[] = [];
  readonly statuses: Record<string, number> = {};
  readonly rejectReasons: Record<string, number> = {};
  sent = 0;
  accepted = 0;
  rejected = 0;

  constructor(
    readonly series: readonly SeriesRef[],
    readonly t0: number,
  ) {
    this.perSeries = series.map(() => ({ ts: [], at: [] }));
  }

  /** Accepted point ids, optionally only those of the series `keep` selects. */
  acceptedIds(keep: (series: number) => boolean = () => true): number[] {
    const ids: number[] = [];
    this.perSeries.forEach((s, i) => {
      if (keep(i)) for (const ts of s.ts) ids.push(pointId(i, ts, this.t0));
    });
    return ids;
  }

  /** When each accepted point's 202 arrived, by point id. */
  acceptedAt(): Map<number, number> {
    const at = new Map<number, number>();
    this.perSeries.forEach((s, i) => s.ts.forEach((ts, j) => at.set(pointId(i, ts, this.t0), s.at[j])));
    return at;
  }

  /** The highest ts sent so far (for the read-back's `to`). */
  maxTs(): number {
    let max = this.t0;
    for (const s of this.perSeries) if (s.ts.length) max = Math.max(max, s.ts[s.ts.length - 1]);
    return max;
  }
}

export interface IngestClientOptions {
  key: string;
  /** Base URLs that take requests now (a request goes to the next one, round robin). */
  targets: () => string[];
  /** Indexes (into the ledger's series) this client writes: each series has one writer, in ts order. */
  owned: readonly number[];
  /** `counter`: pointsPerBatch points spread over the owned series, ts = t0 + a per-series counter.
   *  `clock`: one point per owned series, all with ts = the send time (for latency measurements). */
  timestamps: 'counter' | 'clock';
  pointsPerBatch: number;
  /** A batch starts this long after the previous one started (or at once when that took longer). */
  intervalMs: number;
  requestTimeoutMs?: number;
}

/**
 * One steady ingest client: POSTs a batch, waits for its answer, records which points were accepted,
 * and goes on until `signal` aborts (the request in flight is awaited, never abandoned). A failed
 * request is not retried: its points are simply not accepted, and the next batch has newer ts.
 */
export async function runIngestClient(
  ledger: AcceptedLedger,
  opts: IngestClientOptions,
  signal: AbortSignal,
): Promise<void> {
  const next = new Map<number, number>(opts.owned.map((s) => [s, 0]));
  let lastClock = 0;
  let rr = Math.floor(Math.random() * 10);
  while (!signal.aborted) {
    const began = Date.now();
    const targets = opts.targets();
    if (targets.length === 0) {
      await sleep(50, signal);
      continue;
    }
    const base = targets[rr++ % targets.length];
    const batch: { s: number; ts: number }[] = [];
    if (opts.timestamps === 'clock') {
      lastClock = Math.max(lastClock + 1, Date.now());
      for (const s of opts.owned) batch.push({ s, ts: lastClock });
    } else {
      for (let i = 0; i < opts.pointsPerBatch; i++) {
        const s = opts.owned[i % opts.owned.length];
        const k = next.get(s)!;
        next.set(s, k + 1);
        batch.push({ s, ts: ledger.t0 + k });
      }
    }
    const body = JSON.stringify({
      points: batch.map(({ s, ts }) => ({ ...ledger.series[s], ts, value: ts - ledger.t0 })),
    });
    ledger.sent += batch.length;
    const sentAt = Date.now();
    let status: number | string;
    let accepted = 0;
    try {
      const res = await fetch(`${base}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.key}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(opts.requestTimeoutMs ?? 20_000),
      });
      status = res.status;
      const answer = (await res.json().catch(() => undefined)) as
        { accepted?: number; rejected?: { index: number; reason: string }[] } | undefined;
      if (res.status === 202 && answer) {
        const answeredAt = Date.now();
        const refused = new Set((answer.rejected ?? []).map((r) => r.index));
        for (const r of answer.rejected ?? []) bump(ledger.rejectReasons, r.reason.replace(/"[^"]*"/g, '"…"'));
        batch.forEach(({ s, ts }, i) => {
          if (refused.has(i)) return;
          ledger.perSeries[s].ts.push(ts);
          ledger.perSeries[s].at.push(answeredAt);
          accepted++;
        });
        ledger.accepted += accepted;
        ledger.rejected += refused.size;
      }
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      status = e.cause?.code ?? e.name;
    }
    bump(ledger.statuses, String(status));
    ledger.requests.push({ sentAt, answeredAt: Date.now(), status, points: batch.length, accepted });
    await sleep(Math.max(0, began + opts.intervalMs - Date.now()), signal);
  }
}
