import type { TimedValue } from '@app/contracts';
import { BitReader, BitWriter, unzigzag, zigzag } from './bit-stream.util';
import { DAY_MS } from './chunk-codec.util';
import { bestWidth, decimalsOf, readScaled, readXor, scaledZigzags, writeScaled, writeXor } from './value-codec.util';

/**
 * Compact, immutable encoding of a finished day (points deduplicated, in time order).
 *
 * Version 2 (written now):
 *   u8 version | u8 value mode | u8 decimals | u32 LE count | u8 width (scaled mode)
 *   timestamps, one bit stream padded to a byte: delta-of-delta of the ms offset in the day,
 *     zigzagged: `0` for a regular step (one bit a point), `10` + 7 bits, `110` + 9 bits,
 *     `1110` + 12 bits, else `1111` + 32 bits;
 *   values (value-codec.util.ts): mode 1 = scaled integers (values with ≤ 6 decimals),
 *     mode 0 = XOR of float64s, mode 2 = plain float64 LE (when XOR would not be smaller).
 * Version 1 (the first format, still read): varint timestamps and scaled values, float64 otherwise.
 */
const VERSION = 2;
const MODE_XOR = 0;
const MODE_SCALED = 1;
const MODE_F64 = 2;
const TS_CLASSES = [
  { prefix: 0b10, prefixBits: 2, bits: 7 },
  { prefix: 0b110, prefixBits: 3, bits: 9 },
  { prefix: 0b1110, prefixBits: 4, bits: 12 },
  { prefix: 0b1111, prefixBits: 4, bits: 32 },
];

export function encodeSealed(day: number, points: readonly TimedValue[]): Buffer {
  const values = points.map((p) => p.value);
  const decimals = decimalsOf(values);
  const zigzags = decimals === null ? [] : scaledZigzags(values, decimals);
  const width = decimals === null ? 0 : bestWidth(zigzags);

  const ts = new BitWriter(points.length / 4 + 16);
  const base = day * DAY_MS;
  let prev = 0;
  let prevDelta = 0;
  for (const p of points) {
    const off = p.ts - base;
    const z = zigzag(off - prev - prevDelta);
    if (z === 0) ts.bits(0, 1);
    else {
      const c = TS_CLASSES.find((k) => z < 2 ** k.bits)!;
      ts.bits(c.prefix, c.prefixBits);
      ts.bits(z, c.bits);
    }
    prevDelta = off - prev;
    prev = off;
  }

  let mode: number;
  let valueBytes: Buffer;
  if (decimals !== null) {
    mode = MODE_SCALED;
    const w = new BitWriter(points.length * 2 + 16);
    writeScaled(w, zigzags, width);
    valueBytes = w.done();
  } else {
    const w = new BitWriter(points.length * 8 + 16);
    writeXor(w, values);
    mode = MODE_XOR;
    valueBytes = w.done();
    if (valueBytes.length >= points.length * 8) {
      mode = MODE_F64;
      valueBytes = Buffer.allocUnsafe(points.length * 8);
      values.forEach((v, i) => valueBytes.writeDoubleLE(v, i * 8));
    }
  }
  const header = Buffer.allocUnsafe(8);
  header[0] = VERSION;
  header[1] = mode;
  header[2] = decimals ?? 0;
  header.writeUInt32LE(points.length, 3);
  header[7] = width;
  return Buffer.concat([header, ts.done(), valueBytes]);
}

export function decodeSealed(day: number, buf: Buffer): TimedValue[] {
  if (buf[0] === 1) return decodeVersion1(day, buf);
  if (buf[0] !== VERSION) throw new Error(`unknown sealed chunk version ${buf[0]}`);
  if (buf.length < 8) throw new Error('sealed chunk truncated');
  const mode = buf[1];
  const decimals = buf[2];
  const count = buf.readUInt32LE(3);
  const width = buf[7];
  const r = new BitReader(buf, 8);
  const base = day * DAY_MS;
  const ts = new Array<number>(count);
  let prev = 0;
  let prevDelta = 0;
  for (let i = 0; i < count; i++) {
    let ones = 0;
    while (ones < 4 && r.bit() === 1) ones++;
    if (ones > 0) prevDelta += unzigzag(r.bits(TS_CLASSES[ones - 1].bits));
    prev += prevDelta;
    ts[i] = base + prev;
  }
  const at = r.alignedByte;
  let values: number[];
  if (mode === MODE_SCALED) values = readScaled(new BitReader(buf, at), count, decimals, width);
  else if (mode === MODE_XOR) values = readXor(new BitReader(buf, at), count);
  else if (mode === MODE_F64) {
    if (buf.length < at + count * 8) throw new Error('sealed chunk truncated');
    values = Array.from({ length: count }, (_, i) => buf.readDoubleLE(at + i * 8));
  } else throw new Error(`unknown sealed value mode ${mode}`);
  const out = new Array<TimedValue>(count);
  for (let i = 0; i < count; i++) out[i] = { ts: ts[i], value: values[i] };
  return out;
}

/** The first sealed format: varint timestamps and scaled values, float64 otherwise. */
function decodeVersion1(day: number, buf: Buffer): TimedValue[] {
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
    return unzigzag(z);
  };
  const base = day * DAY_MS;
  const ts = new Array<number>(count);
  let prev = 0;
  let prevDelta = 0;
  for (let i = 0; i < count; i++) {
    prevDelta += svarint();
    prev += prevDelta;
    ts[i] = base + prev;
  }
  const out = new Array<TimedValue>(count);
  const scale = 10 ** decimals;
  let v = 0;
  for (let i = 0; i < count; i++) {
    if (mode === 0) {
      out[i] = { ts: ts[i], value: buf.readDoubleLE(o) };
      o += 8;
    } else {
      v += svarint();
      out[i] = { ts: ts[i], value: v / scale };
    }
  }
  return out;
}
