import type { TimedValue } from '@app/contracts';

export const DAY_MS = 86_400_000;
/** One raw record: uint32 LE ms offset within the UTC day, float64 LE value. */
export const RECORD_BYTES = 12;

export function dayOf(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

/** Encodes points of one day (in arrival order: a later record for the same ts wins on decode). */
export function encodeRecords(day: number, points: readonly TimedValue[]): Buffer {
  const buf = Buffer.allocUnsafe(points.length * RECORD_BYTES);
  const base = day * DAY_MS;
  points.forEach((p, i) => {
    buf.writeUInt32LE(p.ts - base, i * RECORD_BYTES);
    buf.writeDoubleLE(p.value === 0 ? 0 : p.value, i * RECORD_BYTES + 4);
  });
  return buf;
}

/** Decodes a day chunk into its points: one per ts (the last record written), in time order. */
export function decodeChunk(day: number, chunk: Buffer): TimedValue[] {
  const base = day * DAY_MS;
  const n = Math.floor(chunk.length / RECORD_BYTES);
  const byTs = new Map<number, number>();
  let sorted = true;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const off = chunk.readUInt32LE(i * RECORD_BYTES);
    if (off <= prev) sorted = false;
    prev = off;
    byTs.set(off, chunk.readDoubleLE(i * RECORD_BYTES + 4));
  }
  const out: TimedValue[] = [];
  for (const [off, value] of byTs) out.push({ ts: base + off, value });
  if (!sorted) out.sort((a, b) => a.ts - b.ts);
  return out;
}
