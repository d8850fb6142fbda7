import type { IndicatorPoint } from '@app/contracts';

/**
 * double: rand() × 1000 (rand() has 32 random bits, as many generators' doubles do);
 * double53: all 53 bits of the mantissa random (XOR cannot pack those); decimal: a 2-decimal random walk.
 */
export type ValueStyle = 'double' | 'double53' | 'decimal';

export interface Shape {
  name: 'A' | 'B' | 'C';
  series: number;
  perSeries: number;
  lateFraction: number;
}

export const SHAPES: Shape[] = [
  { name: 'A', series: 10_000, perSeries: 100, lateFraction: 0 },
  { name: 'B', series: 1_000, perSeries: 1_000, lateFraction: 0 },
  { name: 'C', series: 1_000, perSeries: 1_000, lateFraction: 0.05 },
];

/** A small seeded generator, so every run writes the same points. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The points of a shape in arrival order: 1-second steps from `start`, series interleaved the way
 * batches from many sources arrive; with lateFraction > 0 some points are held back 1 to 10 steps.
 */
export function generate(shape: Shape, style: ValueStyle, start: number): IndicatorPoint[] {
  const rand = rng(shape.series * 31 + shape.perSeries + (style === 'double' ? 1 : style === 'decimal' ? 2 : 3));
  const walk = new Float64Array(shape.series).map(() => 100 + rand() * 900);
  const out: IndicatorPoint[] = [];
  const held: { due: number; p: IndicatorPoint }[] = [];
  for (let step = 0; step < shape.perSeries; step++) {
    for (let s = 0; s < shape.series; s++) {
      let value: number;
      if (style === 'double') value = rand() * 1000;
      else if (style === 'double53')
        value = ((Math.floor(rand() * 2 ** 21) * 2 ** 32 + rand() * 2 ** 32) / 2 ** 53) * 1000;
      else {
        walk[s] = Math.round((walk[s] + (rand() - 0.5) * 4) * 100) / 100;
        value = walk[s];
      }
      const p = { indicator: `bench.i${s}`, scope: 'b', ts: start + step * 1000, value };
      if (shape.lateFraction > 0 && rand() < shape.lateFraction)
        held.push({ due: step + 1 + Math.floor(rand() * 10), p });
      else out.push(p);
    }
    for (let i = held.length - 1; i >= 0; i--) {
      if (held[i].due <= step) {
        out.push(held[i].p);
        held.splice(i, 1);
      }
    }
  }
  for (const h of held) out.push(h.p);
  return out;
}
