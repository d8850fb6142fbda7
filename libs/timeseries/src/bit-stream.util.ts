/**
 * Bit-level writer and reader for the sealed-day codec: big-endian within each byte, values of up to
 * 53 bits (any safe non-negative integer), so no BigInt on the hot path.
 */
export class BitWriter {
  private buf: Buffer;
  private length = 0;
  /** pending bits not yet written out (fewer than 8 between calls) */
  private acc = 0;
  private accBits = 0;

  constructor(capacity = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, capacity));
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.length * 8 + this.accBits;
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** A whole byte; only on a byte boundary (headers). */
  byte(v: number): void {
    this.align();
    this.room(1);
    this.buf[this.length++] = v & 0xff;
  }

  u32(v: number): void {
    this.align();
    this.room(4);
    this.buf.writeUInt32LE(v >>> 0, this.length);
    this.length += 4;
  }

  f64(v: number): void {
    this.align();
    this.room(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }

  /** The low `n` bits of `value` (0 ≤ value < 2^n, n ≤ 53), most significant first. */
  bits(value: number, n: number): void {
    if (n > 23) {
      this.bits(Math.floor(value / 2 ** 23), n - 23);
      this.bits(value % 2 ** 23, 23);
      return;
    }
    if (n === 0) return;
    this.acc = (this.acc << n) | value;
    this.accBits += n;
    if (this.accBits >= 8) {
      this.room(4);
      while (this.accBits >= 8) {
        this.accBits -= 8;
        this.buf[this.length++] = (this.acc >>> this.accBits) & 0xff;
      }
      this.acc &= (1 << this.accBits) - 1;
    }
  }

  /** Pads with zero bits to the next byte boundary. */
  align(): void {
    if (this.accBits > 0) this.bits(0, 8 - this.accBits);
  }

  done(): Buffer {
    this.align();
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

export class BitReader {
  private pos: number;
  private readonly end: number;

  constructor(
    private readonly buf: Buffer,
    byteOffset = 0,
  ) {
    this.pos = byteOffset * 8;
    this.end = buf.length * 8;
  }

  /** The byte where the next whole byte starts (after padding). */
  get alignedByte(): number {
    return Math.ceil(this.pos / 8);
  }

  bit(): number {
    if (this.pos >= this.end) throw new Error('sealed chunk truncated');
    const b = (this.buf[this.pos >>> 3] >>> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return b;
  }

  /** `n` bits (n ≤ 53) as a non-negative integer. */
  bits(n: number): number {
    if (this.pos + n > this.end) throw new Error('sealed chunk truncated');
    let v = 0;
    let need = n;
    while (need > 0) {
      const bitOff = this.pos & 7;
      const avail = 8 - bitOff;
      const take = avail < need ? avail : need;
      const chunk = (this.buf[this.pos >>> 3] >>> (avail - take)) & ((1 << take) - 1);
      v = v * (1 << take) + chunk;
      need -= take;
      this.pos += take;
    }
    return v;
  }
}

/** Maps a safe integer to a non-negative one: 0, -1, 1, -2 → 0, 1, 2, 3. */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Bits needed to write a non-negative integer (0 for 0). */
export function bitLength(z: number): number {
  if (z < 2 ** 32) return 32 - Math.clz32(z);
  return 32 + bitLength(Math.floor(z / 2 ** 32));
}
