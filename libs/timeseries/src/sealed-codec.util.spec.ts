import fc from 'fast-check';
import { DAY_MS } from './chunk-codec.util';
import { decodeSealed, encodeSealed } from './sealed-codec.util';

const day = 20_400;
const base = day * DAY_MS;
const norm = (points: { ts: number; value: number }[]) =>
  points.map((p) => ({ ts: p.ts, value: p.value === 0 ? 0 : p.value }));

/** Time-ordered points of one day at the given offsets, values taken in turn from `values`. */
function day_(offsets: number[], values: number[]) {
  return norm(
    [...offsets]
      .sort((a, b) => a - b)
      .map((o, i) => ({ ts: base + o, value: values.length ? values[i % values.length] : i })),
  );
}

describe('sealed codec', () => {
  it('round-trips any time-ordered day exactly, doubles (XOR) and decimals (scaled) (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: DAY_MS - 1 }), { maxLength: 300 }),
        fc.array(
          fc.oneof(
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.integer({ min: -1e6, max: 1e6 }).map((x) => x / 100),
          ),
        ),
        (offsets, values) => {
          const points = day_(offsets, values);
          expect(decodeSealed(day, encodeSealed(day, points))).toEqual(points);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips scaled integers of every size, with widths and escapes (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: DAY_MS - 1 }), { minLength: 1, maxLength: 200 }),
        fc.array(
          fc.oneof(
            fc.integer({ min: -3, max: 3 }),
            fc.integer({ min: -(2 ** 49), max: 2 ** 49 }).map((x) => x / 1000),
            fc.integer({ min: -(2 ** 49), max: 2 ** 49 }),
            fc.constantFrom(0, 0.5, 1e-6, -1e-6, 123.45),
          ),
          { minLength: 1 },
        ),
        (offsets, values) => {
          const points = day_(offsets, values);
          expect(decodeSealed(day, encodeSealed(day, points))).toEqual(points);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the bit patterns of extreme doubles and the first and last ms of the day', () => {
    const points = day_(
      [0, 1, 2, 1000, 60_000, 3_600_000, DAY_MS - 2, DAY_MS - 1],
      [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1, 1, 0.1 + 0.2, Math.PI],
    );
    expect(decodeSealed(day, encodeSealed(day, points))).toEqual(points);
  });

  it('still reads the first sealed format (version 1)', () => {
    // version 1, scaled mode, 2 decimals, 2 points: offsets 1000, 2000 (dod +1000, 0), values 1.5, 1.25
    const v1 = Buffer.from([1, 1, 2, 2, 0, 0, 0, 0xd0, 0x0f, 0x00, 0xac, 0x02, 0x31]);
    expect(decodeSealed(day, v1)).toEqual([
      { ts: base + 1000, value: 1.5 },
      { ts: base + 2000, value: 1.25 },
    ]);
  });

  it('refuses an unknown version and a truncated chunk', () => {
    const good = encodeSealed(day, day_([0, 5000, 9000], [1.5, 2.25, 3.125]));
    expect(() => decodeSealed(day, Buffer.from([9, ...good.subarray(1)]))).toThrow(/version 9/);
    expect(() => decodeSealed(day, good.subarray(0, 9))).toThrow(/truncated/);
  });

  it('packs a regular 2-decimal random walk into under 2 bytes a point, 40-bit doubles into about 6', () => {
    let v = 500;
    const walk = Array.from({ length: 1000 }, (_, i) => ({
      ts: base + i * 1000,
      value: (v = Math.round((v + ((i * 37) % 7) - 3 + 0.01) * 100) / 100),
    }));
    expect(encodeSealed(day, walk).length / 1000).toBeLessThan(2);
    // A 32-bit generator's doubles × 1000 (the benchmark's values) have about 40 significant bits.
    let seed = 7;
    const doubles = Array.from({ length: 1000 }, (_, i) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return { ts: base + i * 1000, value: (seed / 2 ** 32) * 1000 };
    });
    expect(encodeSealed(day, doubles).length / 1000).toBeLessThan(6.5);
    // Doubles with all 52 mantissa bits random do not XOR well: they are stored as plain float64.
    const full = Array.from({ length: 1000 }, (_, i) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      const low = (Math.imul(seed, 69_069) + 1) >>> 0;
      return { ts: base + i * 1000, value: ((seed * 2 ** 21 + (low >>> 11)) / 2 ** 53) * 1000 };
    });
    const fullBytes = encodeSealed(day, full);
    expect(decodeSealed(day, fullBytes)).toEqual(full);
    expect(fullBytes.length / 1000).toBeLessThanOrEqual(8.15);
    const constant = Array.from({ length: 1000 }, (_, i) => ({ ts: base + i * 60_000, value: 42 }));
    expect(encodeSealed(day, constant).length).toBeLessThan(300);
  });
});
