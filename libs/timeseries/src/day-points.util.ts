import type { TimedValue } from '@app/contracts';
import { DAY_MS, decodeChunk, RECORD_BYTES } from './chunk-codec.util';
import { decodeSealed } from './sealed-codec.util';

/** Rollup stamp flag: the day has a sealed part (immutable once written). */
export const SEALED = 2 ** 31;

/** A day's points from its raw and sealed parts, with the stamp its rollups get (whole records only). */
export function readDay(day: number, raw: Buffer | null, sealed: Buffer | null) {
  const usable = raw ? raw.length - (raw.length % RECORD_BYTES) : 0;
  const points = mergeDay(day, raw?.subarray(0, usable) ?? null, sealed);
  return { points, stamp: (sealed ? SEALED : 0) + usable, sealed: sealed !== null };
}

/** The records of a chunk's tail as points, if they are strictly after `lastTs` and in time order; else null. */
export function appendedPoints(day: number, tail: Buffer, lastTs: number): TimedValue[] | null {
  const base = day * DAY_MS;
  const out: TimedValue[] = [];
  let prev = lastTs;
  for (let o = 0; o < tail.length; o += RECORD_BYTES) {
    const ts = base + tail.readUInt32LE(o);
    if (ts <= prev) return null;
    out.push({ ts, value: tail.readDoubleLE(o + 4) });
    prev = ts;
  }
  return out;
}

/** The points of a day: the sealed ones, overridden by raw records written after sealing. */
export function mergeDay(day: number, raw: Buffer | null, sealed: Buffer | null): TimedValue[] {
  if (!sealed) return raw ? decodeChunk(day, raw) : [];
  const base = decodeSealed(day, sealed);
  if (!raw || raw.length === 0) return base;
  const byTs = new Map(base.map((p) => [p.ts, p.value]));
  for (const p of decodeChunk(day, raw)) byTs.set(p.ts, p.value);
  return [...byTs.entries()].sort((a, b) => a[0] - b[0]).map(([ts, value]) => ({ ts, value }));
}
