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

/**
 * Where a rollup stored with `stamp` and `lastTs` can be brought up to date by appending: the byte
 * offset in the day's raw chunk to read from, or null when it cannot (first format, sealed since,
 * or the raw chunk is shorter: expired or rewritten).
 */
export function appendOffset(stamp: number, lastTs: number | null, sealed: boolean, rawLength: number): number | null {
  if (lastTs === null || stamp >= SEALED !== sealed) return null;
  const from = stamp - (sealed ? SEALED : 0);
  return from <= rawLength ? from : null;
}

/**
 * The whole records of a chunk's tail as points, if they are strictly after `lastTs` and in time
 * order (so they extend rollups exactly); else null (late points or overwrites: recompute the day).
 */
export function appendedPoints(day: number, tail: Buffer, lastTs: number): TimedValue[] | null {
  const base = day * DAY_MS;
  const end = tail.length - (tail.length % RECORD_BYTES);
  const out: TimedValue[] = [];
  let prev = lastTs;
  for (let o = 0; o < end; o += RECORD_BYTES) {
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
