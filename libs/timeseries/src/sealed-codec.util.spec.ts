import fc from 'fast-check';
import { DAY_MS } from './chunk-codec.util';
import { decodeSealed, encodeSealed } from './sealed-codec.util';

const day = 20_400;
const base = day * DAY_MS;

describe('sealed codec', () => {
  it('round-trips any time-ordered day exactly (fast-check)', () => {
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
          const points = offsets
            .sort((a, b) => a - b)
            .map((o, i) => ({ ts: base + o, value: values.length ? values[i % values.length] : i }));
          const norm = points.map((p) => ({ ts: p.ts, value: p.value === 0 ? 0 : p.value }));
          expect(decodeSealed(day, encodeSealed(day, norm))).toEqual(norm);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('packs a regular 2-decimal series into about 3 bytes a point, random doubles into about 9', () => {
    let v = 500;
    const walk = Array.from({ length: 1000 }, (_, i) => ({
      ts: base + i * 1000,
      value: (v = Math.round((v + ((i * 37) % 7) - 3 + 0.01) * 100) / 100),
    }));
    expect(encodeSealed(day, walk).length / 1000).toBeLessThan(4);
    const doubles = Array.from({ length: 1000 }, (_, i) => ({
      ts: base + i * 1000,
      value: Math.sin(i) * 1234.5678901,
    }));
    expect(encodeSealed(day, doubles).length / 1000).toBeLessThan(9.1);
  });
});
