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
}

/**
 * How long each accepted point waited, measured from its 202 — or, when a process was killed between
 * the 202 and the moment the point was stored, from that process being back — until it was stored
 * (`readableAt`, from the live stream). `outages` in time order.
 */
export function lateness(
  acceptedAt: ReadonlyMap<number, number>,
  readableAt: ReadonlyMap<number, number>,
  skip: ReadonlySet<number>,
  outages: readonly Outage[],
  limitS: number,
): Lateness {
  const out: Lateness = { maxS: 0, worstId: null, over: 0, unknown: 0 };
  for (const [id, at] of acceptedAt) {
    if (skip.has(id)) continue;
    const readable = readableAt.get(id);
    if (readable === undefined) {
      out.unknown++;
      continue;
    }
    let from = at;
    const outage = outages.find((o) => o.killedAt >= at && o.killedAt <= readable);
    if (outage) from = Math.max(at, outage.backAt);
    const waitedS = (readable - from) / 1000;
    if (waitedS > limitS) out.over++;
    if (waitedS > out.maxS) {
      out.maxS = waitedS;
      out.worstId = id;
    }
  }
  return out;
}
