import type { DerivedValue, ScopeAgg } from '@app/contracts';
import { combineChildren } from './period-summary.util';

/** One scope's own report of a period as known at a time. */
export interface KnownReport {
  value: number;
  reportedAt: number;
  /** It replaced an earlier report of the same period. */
  revised: boolean;
}

/** A scope's figure for one period: its own report and, for a parent, what its children add up to. */
export interface ScopeFigure {
  own?: KnownReport;
  /** Present for a scope with children when scopeAgg is not `none`. */
  derived?: DerivedValue;
  /** The own value, else the derived one; null when there is neither. */
  value: number | null;
  /** When the figure became known: the own report's time, else the latest report inside the derived one. */
  reportedAt: number | null;
}

export interface RollupSource {
  /** Direct children of a scope. */
  childrenOf(scope: string): readonly string[];
  /** The scope's own report of the period, as known at the time asked. */
  reportOf(scope: string): KnownReport | undefined;
}

/**
 * A scope's figure for one period, rolled up recursively: each child contributes its own report when
 * it has one, else its own derived figure (from its children, and so on down). Completeness counts the
 * direct children: `reported` is how many of them contribute a figure (own or derived), `expected` how
 * many there are. A child's partial derived figure counts as reported; its own answer tells how
 * complete it is. Descends only below children without an own report, so a province whose districts
 * all reported never looks at its communes.
 */
export function rollUp(scope: string, agg: ScopeAgg, source: RollupSource): ScopeFigure {
  const own = source.reportOf(scope);
  const derived = agg === 'none' ? undefined : derive(scope, agg, source);
  const figure: ScopeFigure = own
    ? { own, value: own.value, reportedAt: own.reportedAt }
    : { value: derived?.value ?? null, reportedAt: derived?.reportedAt ?? null };
  if (derived) figure.derived = { value: derived.value, reported: derived.reported, expected: derived.expected };
  return figure;
}

type Derived = DerivedValue & { reportedAt: number | null };

function derive(scope: string, agg: ScopeAgg, source: RollupSource): Derived | undefined {
  const children = source.childrenOf(scope);
  if (children.length === 0) return undefined;
  const parts: { value: number; reportedAt: number }[] = [];
  for (const child of children) {
    const part = contribution(child, agg, source);
    if (part) parts.push(part);
  }
  const combined = combineChildren(
    parts.map((p) => p.value),
    children.length,
    agg,
  );
  const reportedAt = parts.length ? Math.max(...parts.map((p) => p.reportedAt)) : null;
  return { ...combined, reportedAt };
}

/** What a child adds to its parent: its own report, else its derived figure; undefined when neither. */
function contribution(
  scope: string,
  agg: ScopeAgg,
  source: RollupSource,
): { value: number; reportedAt: number } | undefined {
  const own = source.reportOf(scope);
  if (own) return own;
  const d = derive(scope, agg, source);
  return d && d.value !== null && d.reportedAt !== null ? { value: d.value, reportedAt: d.reportedAt } : undefined;
}
