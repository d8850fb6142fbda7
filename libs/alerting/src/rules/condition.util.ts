import type { AlertCondition } from '@app/contracts';

/**
 * What one value means for a rule: `breach` (the condition holds), `clear` (the series is back
 * inside, past the hysteresis value when there is one) or `hold` (between the two: the state stays).
 */
export type Signal = 'breach' | 'clear' | 'hold';

export interface Verdict {
  signal: Signal;
  /** The contract's `threshold`: the number that was (or would be) crossed. */
  threshold: number;
}

/** What a condition may need beyond the value itself. */
export interface ConditionContext {
  /** The series' previous latest value (change_pct). */
  previous: number | null;
  /** The indicator's target (below_target_pct). */
  target: number | null;
}

/**
 * Judges a new latest value. `stale` conditions are judged by `judgeAge` (a new value always clears
 * them). A condition that cannot be judged (no previous value, no target) holds.
 */
export function judgeValue(c: AlertCondition, value: number, ctx: ConditionContext): Verdict {
  switch (c.op) {
    case '>':
    case '>=': {
      const breach = c.op === '>' ? value > c.value : value >= c.value;
      const clear = c.clear === undefined ? !breach : value <= c.clear;
      return { signal: breach ? 'breach' : clear ? 'clear' : 'hold', threshold: c.value };
    }
    case '<':
    case '<=': {
      const breach = c.op === '<' ? value < c.value : value <= c.value;
      const clear = c.clear === undefined ? !breach : value >= c.clear;
      return { signal: breach ? 'breach' : clear ? 'clear' : 'hold', threshold: c.value };
    }
    case 'outside': {
      // `clear` is a margin inside the band: back inside means low + clear <= value <= high - clear.
      const margin = c.clear ?? 0;
      const threshold =
        value < c.low ? c.low : value > c.high ? c.high : value - c.low <= c.high - value ? c.low : c.high;
      if (value < c.low || value > c.high) return { signal: 'breach', threshold };
      const inside = value >= c.low + margin && value <= c.high - margin;
      return { signal: inside ? 'clear' : 'hold', threshold };
    }
    case 'below_target_pct': {
      if (ctx.target === null) return { signal: 'hold', threshold: NaN };
      const threshold = (ctx.target * c.value) / 100;
      if (value < threshold) return { signal: 'breach', threshold };
      const back = c.clear === undefined ? threshold : (ctx.target * c.clear) / 100;
      return { signal: value >= back ? 'clear' : 'hold', threshold };
    }
    case 'change_pct': {
      if (ctx.previous === null) return { signal: 'hold', threshold: NaN };
      const pct = changePct(ctx.previous, value);
      const dir = c.direction ?? 'any';
      const breach = dir === 'up' ? pct > c.value : dir === 'down' ? pct < -c.value : Math.abs(pct) > c.value;
      return { signal: breach ? 'breach' : 'clear', threshold: ctx.previous };
    }
    case 'stale':
      return { signal: 'clear', threshold: c.seconds };
    case 'missing':
      // Judged by the sweep against the reporting calendar: a new value decides nothing by itself.
      return { signal: 'hold', threshold: 0 };
    case 'revision_pct':
      // Judged on the batch's period reports (`judgeRevision`), not on latest values.
      return { signal: 'hold', threshold: 0 };
  }
}

/** A period report as `revision_pct` sees it. */
export interface ReportFacts {
  value: number;
  /** The value this report replaced (the report before it), or null for a first report. */
  previous: number | null;
  /**
   * A first report that became the series' latest point, for a period after every one reported
   * before: the series moved on to a new period.
   */
  newPeriod: boolean;
}

/**
 * Judges one period report for a `revision_pct` rule: a revision that moved the period's value by
 * more than `value` % of the value it replaced breaches (threshold: the replaced value); the first
 * report of a new period clears (the revision alert resolves); anything else (a small revision, a
 * backfilled older period) decides nothing and is not evaluated (null).
 */
export function judgeRevision(c: Extract<AlertCondition, { op: 'revision_pct' }>, r: ReportFacts): Verdict | null {
  if (r.previous !== null) {
    return Math.abs(changePct(r.previous, r.value)) > c.value ? { signal: 'breach', threshold: r.previous } : null;
  }
  return r.newPeriod ? { signal: 'clear', threshold: 0 } : null;
}

/** A stale condition against the age of the series' latest point. */
export function judgeAge(c: Extract<AlertCondition, { op: 'stale' }>, ageMs: number): Verdict {
  return { signal: ageMs > c.seconds * 1000 ? 'breach' : 'clear', threshold: c.seconds };
}

/** Change in % from `from` to `to` (±Infinity from 0 to anything else, 0 from 0 to 0). */
export function changePct(from: number, to: number): number {
  if (from === 0) return to === 0 ? 0 : to > 0 ? Infinity : -Infinity;
  return ((to - from) / Math.abs(from)) * 100;
}
