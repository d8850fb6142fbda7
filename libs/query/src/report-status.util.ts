import type { ReportStatus } from '@app/contracts';

const DAY_MS = 86_400_000;

/** When a period's report is due: its end plus dueDays (Asia/Ho_Chi_Minh has no daylight saving). */
export function dueAt(periodEnd: number, dueDays: number): number {
  return periodEnd + dueDays * DAY_MS;
}

/** The reporting status of a period: reported by due time or after it; or nothing yet, due or not. */
export function reportStatus(due: number, firstReportedAt: number | undefined, now: number): ReportStatus {
  if (firstReportedAt !== undefined) return firstReportedAt <= due ? 'on_time' : 'late';
  return now < due ? 'not_due' : 'missing';
}
