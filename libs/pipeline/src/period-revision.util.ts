import type { IndicatorPoint, LivePoint, PeriodReport } from '@app/contracts';
import type { RevisionEntry, RevisionOutcome } from '@app/timeseries';

/** A period value a stored batch reported, as the revision log took it (what listeners are told). */
export interface PeriodRevision extends IndicatorPoint {
  /** The period's label (`2026-10`). */
  period: string;
  by: string;
  reportedAt: number;
  /** Logged by this write (false: it repeats the period's last value, e.g. a retried job). */
  appended: boolean;
  /** The value replaced an earlier report of the same period. */
  revised: boolean;
  /** The value of the report before it (the one it replaced), or null for a first report. */
  previous: number | null;
}

/** The revision log entries of a batch's period reports, in the reports' order. */
export function revisionEntries(points: readonly IndicatorPoint[], reports: readonly PeriodReport[]): RevisionEntry[] {
  return reports.map((r) => {
    const p = points[r.index];
    return { indicator: p.indicator, scope: p.scope, ts: p.ts, value: p.value, reportedAt: r.reportedAt, by: r.by };
  });
}

/** The reports with what the log found for each (`outcomes` in the reports' order). */
export function periodRevisions(
  points: readonly IndicatorPoint[],
  reports: readonly PeriodReport[],
  outcomes: readonly RevisionOutcome[],
): PeriodRevision[] {
  return reports.map((r, i) => {
    const p = points[r.index];
    return {
      indicator: p.indicator,
      scope: p.scope,
      ts: p.ts,
      value: p.value,
      period: r.period,
      by: r.by,
      reportedAt: r.reportedAt,
      ...outcomes[i],
    };
  });
}

/**
 * The batch as the live stream carries it: the reported period points with their `period` and
 * `revised`, every other point as it is (same array order).
 */
export function livePoints(
  points: readonly IndicatorPoint[],
  reports: readonly PeriodReport[],
  revisions: readonly PeriodRevision[],
): LivePoint[] {
  const out: LivePoint[] = points.slice();
  reports.forEach((r, i) => {
    out[r.index] = { ...points[r.index], period: revisions[i].period, revised: revisions[i].revised };
  });
  return out;
}

/** How far a revision moved the value, in % of the value it replaced (±Infinity from 0, 0 from 0 to 0). */
export function revisionPct(previous: number, value: number): number {
  if (previous === 0) return value === 0 ? 0 : value > 0 ? Infinity : -Infinity;
  return ((value - previous) / Math.abs(previous)) * 100;
}

/**
 * The warning line of a revision logged now that moved its period's value by more than `pct` % of the
 * value it replaced, or null (a first report, a repeat, a small revision).
 */
export function largeRevisionLine(rev: PeriodRevision, pct: number): string | null {
  if (!rev.appended || rev.previous === null) return null;
  const share = revisionPct(rev.previous, rev.value);
  if (!(Math.abs(share) > pct)) return null;
  const shown = Number.isFinite(share) ? `${share > 0 ? '+' : ''}${share.toFixed(1)} %` : 'from 0';
  return (
    `large revision: ${rev.indicator} ${rev.scope} period ${rev.period}: ${rev.previous} → ${rev.value} ` +
    `(${shown}, more than ${pct} %) by ${rev.by}`
  );
}
