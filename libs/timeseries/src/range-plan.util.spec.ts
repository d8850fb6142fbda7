import fc from 'fast-check';
import { planRange } from './range-plan.util';
import { LEVELS } from './rollup.util';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ms = (level: string) => LEVELS.find((l) => l.name === level)?.ms ?? 1;

describe('planRange', () => {
  it('covers [from, to] exactly, in order, with aligned rollup parts and under a minute of raw at each end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 * DAY }),
        fc.integer({ min: 0, max: 40 * DAY }),
        fc.constantFrom(MIN, 5 * MIN, HOUR, 6 * HOUR, DAY, 7 * DAY, 1000, 90_000),
        (a, length, step) => {
          const from = 20_000 * DAY + a;
          const to = from + length;
          const parts = planRange(from, to, step);
          expect(parts[0].from).toBe(from);
          expect(parts[parts.length - 1].to).toBe(to);
          parts.forEach((p, i) => {
            expect(p.to).toBeGreaterThanOrEqual(p.from);
            if (i > 0) expect(p.from).toBe(parts[i - 1].to + 1);
            if (p.level !== 'raw') {
              expect(step % ms(p.level)).toBe(0);
              expect(p.from % ms(p.level)).toBe(0);
              expect((p.to + 1) % ms(p.level)).toBe(0);
            } else if (step % MIN === 0) expect(p.to - p.from).toBeLessThan(MIN);
          });
          if (step % MIN !== 0) expect(parts).toEqual([{ level: 'raw', from, to }]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('plans "the last 24 hours at step 1 hour" as hours with minutes and raw points on the edges', () => {
    const to = 20_000 * DAY + 15 * HOUR + 7 * MIN + 30_500;
    expect(planRange(to - DAY + 1, to, HOUR).map((p) => p.level)).toEqual(['raw', 'm', 'h', 'm', 'raw']);
  });
});
