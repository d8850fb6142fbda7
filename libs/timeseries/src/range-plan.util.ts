import { LEVELS, type LevelName } from './rollup.util';

export interface RangePart {
  level: LevelName | 'raw';
  from: number;
  to: number;
}

/**
 * Splits [from, to] (inclusive) for a `step` query into time-ordered parts: the whole buckets of the
 * coarsest rollup level whose bucket divides `step`, then finer levels on the edges that level cuts,
 * and raw points only for what no level covers (under a minute at each end). Every bucket of every
 * part lies inside [from, to], so merging the parts gives exactly the naive answer, even on bounds
 * such as "the last 24 hours" that are not aligned to anything.
 */
export function planRange(from: number, to: number, step: number): RangePart[] {
  const levels = LEVELS.filter((l) => step % l.ms === 0);
  const plan = (a: number, b: number, i: number): RangePart[] => {
    if (a > b) return [];
    if (i >= levels.length) return [{ level: 'raw', from: a, to: b }];
    const ms = levels[i].ms;
    const start = Math.ceil(a / ms) * ms;
    const end = Math.floor((b + 1) / ms) * ms; // exclusive
    if (start >= end) return plan(a, b, i + 1);
    return [...plan(a, start - 1, i + 1), { level: levels[i].name, from: start, to: end - 1 }, ...plan(end, b, i + 1)];
  };
  return plan(from, to, 0);
}
