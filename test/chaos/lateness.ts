/** A process that was down: SIGKILLed at `killedAt`, ready again at `backAt` (epoch ms). */
export interface Outage {
  label: string;
  killedAt: number;
  backAt: number;
}

export interface Lateness {
  /** Longest wait (s), over accepted points, until readable after its process was back. */
  maxS: number;
  /** That point's id, when any. */
  worstId: number | null;
  /** Accepted points slower than `limitS`. */
  over: number;
  /** Accepted, readable points the live stream does not show (no time known for them). */
  unknown: number;
  /** Accepted points still in a pending ingest job when the suite stopped waiting. */
  stillQueued: number;
  /** True when the worst figure is a lower bound (its point was still queued). */
  lowerBound: boolean;
}

export interface LatenessInput {
  /** When each accepted point's 202 came. */
  acceptedAt: ReadonlyMap<number, number>;
  /** When each point was stored (first live stream entry holding it). */
  readableAt: ReadonlyMap<number, number>;
  /** Accepted points that are gone for good (counted as lost, not as late). */
  lost: ReadonlySet<number>;
  /** Accepted points still in a pending ingest job: at least as late as `gaveUpAt`. */
  stillQueued: ReadonlySet<number>;
  gaveUpAt: number;
  /** Processes killed and restarted, in time order. */
  outages: readonly Outage[];
  limitS: number;
}

/**
 * How long each accepted point waited, measured from its 202 — or, when a process was killed between
 * the 202 and the moment the point was stored, from that process being back — until it was stored
 * (from the live stream). A point still queued when the suite stopped waiting counts as stored then
 * (a lower bound).
 */
export function lateness(i: LatenessInput): Lateness {
  const { acceptedAt, readableAt, outages, limitS } = i;
  const out: Lateness = { maxS: 0, worstId: null, over: 0, unknown: 0, stillQueued: 0, lowerBound: false };
  for (const [id, at] of acceptedAt) {
    if (i.lost.has(id)) continue;
    let readable = readableAt.get(id);
    const queued = readable === undefined && i.stillQueued.has(id);
    if (queued) {
      out.stillQueued++;
      readable = i.gaveUpAt;
    }
    if (readable === undefined) {
      out.unknown++;
      continue;
    }
    const stored = readable;
    let from = at;
    const outage = outages.find((o) => o.killedAt >= at && o.killedAt <= stored);
    if (outage) from = Math.max(at, outage.backAt);
    const waitedS = (stored - from) / 1000;
    if (waitedS > limitS) out.over++;
    if (waitedS > out.maxS) {
      out.maxS = waitedS;
      out.worstId = id;
      out.lowerBound = queued;
    }
  }
  return out;
}
