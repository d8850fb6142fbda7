import type { DerivedValue, Direction, ScopeAgg, TimeAgg } from '@app/contracts';

/** (a - b) / |b| × 100, or null when either is missing or b is 0. */
export function changePct(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return ((a - b) / Math.abs(b)) * 100;
}

/** The year's values up to a period (oldest first), combined by timeAgg; null when there are none. */
export function yearToDate(values: readonly number[], agg: TimeAgg): number | null {
  if (values.length === 0) return null;
  if (agg === 'last') return values[values.length - 1];
  const sum = values.reduce((s, v) => s + v, 0);
  return agg === 'sum' ? sum : sum / values.length;
}

/** % of plan: ytd for sum indicators, the period's value otherwise. */
export function planPct(agg: TimeAgg, value: number | null, ytd: number | null, plan: number | null): number | null {
  const base = agg === 'sum' ? ytd : value;
  if (base === null || plan === null || plan === 0) return null;
  return (base / plan) * 100;
}

/**
 * Position of `own` among the siblings' values (own included; 1 = best by direction; ties share the
 * better place), or undefined without a direction or an own value.
 */
export function rankAmong(
  own: number | null,
  siblings: readonly (number | null)[],
  direction: Direction | null,
): { position: number; of: number } | undefined {
  if (own === null || direction === null) return undefined;
  const values = siblings.filter((v): v is number => v !== null);
  const better = values.filter((v) => (direction === 'up' ? v > own : v < own)).length;
  return { position: better + 1, of: values.length };
}

/**
 * A parent's figure from its children's values (those that reported): their sum or mean by scopeAgg,
 * with how many of the expected children reported; value null when none did.
 */
export function combineChildren(values: readonly number[], expected: number, agg: ScopeAgg): DerivedValue {
  const reported = values.length;
  if (reported === 0 || agg === 'none') return { value: null, reported, expected };
  const sum = values.reduce((s, v) => s + v, 0);
  return { value: agg === 'sum' ? sum : sum / reported, reported, expected };
}
