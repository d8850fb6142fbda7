import type { TimedValue } from '@app/contracts';
import { DAY_MS } from './chunk-codec.util';

/**
 * Compact, immutable encoding of a finished day (points deduplicated, in time order):
 *   u8 version (1) | u8 value mode | u8 decimals | u32 LE count
 *   timestamps: zigzag varint delta-of-delta of the ms offset in the day (regular series: 1 byte each)
 *   values: mode 1 = zigzag varint delta of value × 10^decimals (values with ≤ 6 decimals);
 *           mode 0 = float64 LE.
 */
const VERSION = 1;
const MAX_DECIMALS = 6;

/** The fewest decimals (≤ 6) that write every value exactly as a scaled integer, or null. */
function decimalsOf(values: readonly number[]): number | null {
  for (let d = 0; d <= MAX_DECIMALS; d++) {
    const scale = 10 ** d;
    if (values.every((v) => Math.abs(v * scale) < 2 ** 52 && Math.round(v * scale) / scale === v)) return d;
  }
  return null;
}

class Writer {
  private buf = Buffer.allocUnsafe(1024);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.length);
    this.length += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }
  /** zigzag varint of a safe integer (7 bits a byte) */
  svarint(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    do {
      let byte = z % 128;
      z = Math.floor(z / 128);
      if (z > 0) byte |= 0x80;
      this.u8(byte);
    } while (z > 0);
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

export function encodeSealed(day: number, points: readonly TimedValue[]): Buffer {
  const w = new Writer();
  const decimals = decimalsOf(points.map((p) => p.value));
  w.u8(VERSION);
  w.u8(decimals === null ? 0 : 1);
  w.u8(decimals ?? 0);
  w.u32(points.length);
  const base = day * DAY_MS;
  let prev = 0;
  let prevDelta = 0;
  for (const p of points) {
    const off = p.ts - base;
    const delta = off - prev;
    w.svarint(delta - prevDelta);
    prev = off;
    prevDelta = delta;
  }
  if (decimals === null) for (const p of points) w.f64(p.value);
  else {
    const scale = 10 ** decimals;
    let prevV = 0;
    for (const p of points) {
      const v = Math.round(p.value * scale);
      w.svarint(v - prevV);
      prevV = v;
    }
  }
  return w.done();
}

export function decodeSealed(day: number, buf: Buffer): TimedValue[] {
  if (buf[0] !== VERSION) throw new Error(`unknown sealed chunk version ${buf[0]}`);
  const mode = buf[1];
  const decimals = buf[2];
  const count = buf.readUInt32LE(3);
  let o = 7;
  const svarint = (): number => {
    let z = 0;
    let mul = 1;
    for (;;) {
      const b = buf[o++];
      z += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  };
  const base = day * DAY_MS;
  const ts: number[] = new Array(count);
  let prev = 0;
  let prevDelta = 0;
  for (let i = 0; i < count; i++) {
    prevDelta += svarint();
    prev += prevDelta;
    ts[i] = base + prev;
  }
  const out: TimedValue[] = new Array(count);
  if (mode === 0) {
    for (let i = 0; i < count; i++, o += 8) out[i] = { ts: ts[i], value: buf.readDoubleLE(o) };
  } else {
    const scale = 10 ** decimals;
    let v = 0;
    for (let i = 0; i < count; i++) {
      v += svarint();
      out[i] = { ts: ts[i], value: v / scale };
    }
  }
  return out;
}
