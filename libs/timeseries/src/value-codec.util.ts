import { type BitReader, type BitWriter, bitLength, unzigzag, zigzag } from './bit-stream.util';

/**
 * Value encodings of a sealed day (sealed-codec.util.ts):
 * - scaled integers, for values with few decimals (reported indicators): value × 10^decimals, delta
 *   to the previous one, zigzagged, then `0` + `width` bits when it fits, else `1` + 6 bits of its
 *   bit length − 1 + the bits; `width` is chosen per day to minimise the total;
 * - XOR of each float64 with the previous one (Gorilla, as in Facebook's paper and RedisTimeSeries):
 *   `0` for an equal value, `10` + the meaningful bits when they fit the previous window of leading
 *   and trailing zeros, else `11` + 5 bits of leading zeros + 6 bits of length − 1 + the bits.
 */
const MAX_DECIMALS = 6;
/** Scaled values stay below 2^50, so deltas and their zigzag stay safe integers. */
const MAX_SCALED = 2 ** 50;

/** The fewest decimals (≤ 6) that write every value exactly as a scaled integer, or null. */
export function decimalsOf(values: readonly number[]): number | null {
  for (let d = 0; d <= MAX_DECIMALS; d++) {
    const scale = 10 ** d;
    let ok = true;
    for (const v of values) {
      const s = Math.round(v * scale);
      if (!(Math.abs(s) < MAX_SCALED) || s / scale !== v) {
        ok = false;
        break;
      }
    }
    if (ok) return d;
  }
  return null;
}

/** Zigzagged deltas of the scaled values. */
export function scaledZigzags(values: readonly number[], decimals: number): number[] {
  const scale = 10 ** decimals;
  let prev = 0;
  return values.map((v) => {
    const s = Math.round(v * scale);
    const z = zigzag(s - prev);
    prev = s;
    return z;
  });
}

const ESCAPE_BITS = 6;

/** The width that writes these zigzags in the fewest bits. */
export function bestWidth(zigzags: readonly number[]): number {
  const histogram = new Array<number>(54).fill(0);
  for (const z of zigzags) histogram[bitLength(z)]++;
  let best = 0;
  let bestCost = Infinity;
  for (let w = 0; w <= 53; w++) {
    let cost = 0;
    for (let len = 0; len <= 53; len++) {
      if (histogram[len] === 0) continue;
      cost += histogram[len] * (len <= w ? 1 + w : 1 + ESCAPE_BITS + len);
    }
    if (cost < bestCost) {
      bestCost = cost;
      best = w;
    }
  }
  return best;
}

export function writeScaled(w: BitWriter, zigzags: readonly number[], width: number): void {
  const limit = 2 ** width;
  for (const z of zigzags) {
    if (z < limit) {
      w.bits(0, 1);
      w.bits(z, width);
    } else {
      const len = bitLength(z);
      w.bits(1, 1);
      w.bits(len - 1, ESCAPE_BITS);
      w.bits(z, len);
    }
  }
}

export function readScaled(r: BitReader, count: number, decimals: number, width: number): number[] {
  const scale = 10 ** decimals;
  const out = new Array<number>(count);
  let s = 0;
  for (let i = 0; i < count; i++) {
    const z = r.bit() === 0 ? r.bits(width) : r.bits(r.bits(ESCAPE_BITS) + 1);
    s += unzigzag(z);
    out[i] = s / scale;
  }
  return out;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const [LO, HI] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export function writeXor(w: BitWriter, values: readonly number[]): void {
  let ph = 0;
  let pl = 0;
  let prevLead = -1;
  let prevTrail = 0;
  values.forEach((v, i) => {
    f64[0] = v;
    const hi = u32[HI];
    const lo = u32[LO];
    if (i === 0) {
      w.bits(hi, 32);
      w.bits(lo, 32);
    } else {
      const xh = (hi ^ ph) >>> 0;
      const xl = (lo ^ pl) >>> 0;
      if (xh === 0 && xl === 0) w.bits(0, 1);
      else {
        let lead = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
        if (lead > 31) lead = 31;
        const trail = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
        if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
          w.bits(0b10, 2);
          writeShifted(w, xh, xl, prevTrail, 64 - prevLead - prevTrail);
        } else {
          const len = 64 - lead - trail;
          w.bits(0b11, 2);
          w.bits(lead, 5);
          w.bits(len - 1, 6);
          writeShifted(w, xh, xl, trail, len);
          prevLead = lead;
          prevTrail = trail;
        }
      }
    }
    ph = hi;
    pl = lo;
  });
}

/** Writes bits [shift, shift + len) of the 64-bit value hi:lo. */
function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, len: number): void {
  let sh: number;
  let sl: number;
  if (shift >= 32) {
    sh = 0;
    sl = hi >>> (shift - 32);
  } else if (shift > 0) {
    sh = hi >>> shift;
    sl = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
  } else {
    sh = hi;
    sl = lo;
  }
  if (len > 32) {
    w.bits(sh, len - 32);
    w.bits(sl, 32);
  } else w.bits(sl, len);
}

/** Reads `len` bits and places them at `shift` in a 64-bit value, as [hi, lo]. */
function readShifted(r: BitReader, shift: number, len: number): [number, number] {
  const sh = len > 32 ? r.bits(len - 32) : 0;
  const sl = r.bits(len > 32 ? 32 : len);
  if (shift >= 32) return [(sl << (shift - 32)) >>> 0, 0];
  if (shift > 0) return [((sh << shift) | (sl >>> (32 - shift))) >>> 0, (sl << shift) >>> 0];
  return [sh, sl];
}

export function readXor(r: BitReader, count: number): number[] {
  const out = new Array<number>(count);
  let hi = 0;
  let lo = 0;
  let lead = 0;
  let trail = 0;
  for (let i = 0; i < count; i++) {
    if (i === 0) {
      hi = r.bits(32);
      lo = r.bits(32);
    } else if (r.bit() === 1) {
      if (r.bit() === 1) {
        lead = r.bits(5);
        const len = r.bits(6) + 1;
        trail = 64 - lead - len;
      }
      const [xh, xl] = readShifted(r, trail, 64 - lead - trail);
      hi = (hi ^ xh) >>> 0;
      lo = (lo ^ xl) >>> 0;
    }
    u32[HI] = hi;
    u32[LO] = lo;
    out[i] = f64[0];
  }
  return out;
}
