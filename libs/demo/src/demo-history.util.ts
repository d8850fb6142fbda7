import { periodOf, type Period, previousPeriod, shiftPeriod } from '@app/catalogue';
import type { DemoIndicator } from './demo-indicator.type';
import { DEMO_DISTRICTS, DEMO_PROVINCE } from './demo-scopes.data';
import { BASE_YEAR, DEMO_PERIOD_SPECS, type DemoPeriodSpec, SEASONS } from './demo-statistics.data';
import { noise } from './demo-value.util';

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * The demo's reporting story on budget revenue, about the last month (before "now"): one district has
 * not reported (a `missing` row and alert), two reported after the deadline, and one district revised
 * the month before with its final figure (the estimate replaced by the actual, a week later).
 */
export const DEMO_STORY = {
  indicator: 'finance.budget_revenue',
  missing: '722',
  late: ['719', '726'],
  revised: '724',
  /** The revised figure: the final account came in 3.5 % above the estimate. */
  revisedBy: 1.035,
} as const;

/** One report of a period figure, as a reporting office would send it (and when it did). */
export interface DemoReport {
  indicator: string;
  scope: string;
  period: Period;
  value: number;
  reportedAt: number;
}

/** A year's plan of an indicator for a scope. */
export interface DemoPlan {
  indicator: string;
  scope: string;
  year: number;
  value: number;
}

const yearOf = (p: Period): number => new Date(p.start + VN_OFFSET_MS).getUTCFullYear();
const monthOf = (p: Period): number => new Date(p.start + VN_OFFSET_MS).getUTCMonth();

/** Years (with fractions for months and quarters) from BASE_YEAR to the middle of a period. */
function yearsSinceBase(p: Period): number {
  const y = yearOf(p) - BASE_YEAR;
  if (p.kind === 'year') return y;
  const months = p.kind === 'quarter' ? 3 : 1;
  return y + (monthOf(p) + months / 2) / 12;
}

function rounded(ind: DemoIndicator, v: number): number {
  if (ind.kind === 'count') return Math.max(0, Math.round(v));
  const decimals = Math.abs(ind.base) < 1 ? 3 : Math.abs(ind.base) < 10 ? 2 : 1;
  const f = 10 ** decimals;
  return Math.max(0, Math.round(v * f) / f);
}

const isFlow = (s: DemoPeriodSpec): boolean => s.timeAgg === 'sum';

/** A district's figure for a period; `exact`: without the report's noise (what a plan is based on). */
function districtFigure(ind: DemoIndicator, d: { code: string; size: number }, p: Period, exact: boolean): number {
  const s = ind.stats!;
  const years = yearsSinceBase(p);
  const jitter = exact ? 0 : s.noise * noise(`${ind.code}|${d.code}|${p.label}`);
  if (isFlow(s)) {
    // Each district grows at its own pace around the indicator's.
    const growth = 1 + s.growth + 0.025 * noise(`${ind.code}|${d.code}|growth`);
    const season = s.season && p.kind === 'month' ? SEASONS[s.season][monthOf(p)] : 1;
    return s.base * d.size * growth ** years * season * (1 + jitter);
  }
  // Rates and levels climb by `growth` points a year; districts sit above or below the mean.
  const level = s.base * (1 + 0.06 * noise(`${ind.code}|${d.code}|level`)) + s.growth * years;
  return Math.min(s.max ?? Infinity, level * (1 + jitter));
}

/**
 * The figure an office reports for an indicator, scope and period: flows grow year on year with the
 * season, district sizes and noise; rates climb towards their targets. The province is the sum or
 * the mean of its districts; the DTI rank is the district's place among the nine (by DTI index), and
 * for the province its place among the 63 provinces.
 */
export function demoPeriodValue(ind: DemoIndicator, scope: string, p: Period, exact = false): number {
  if (!ind.stats) throw new Error(`${ind.code} is not a period indicator`);
  if (ind.code === 'telecom.dti_rank') return dtiRank(ind, scope, p);
  if (scope === DEMO_PROVINCE) {
    const values = DEMO_DISTRICTS.map((d) => rounded(ind, districtFigure(ind, d, p, exact)));
    const sum = values.reduce((a, b) => a + b, 0);
    return rounded(ind, ind.stats.scopeAgg === 'sum' ? sum : sum / values.length);
  }
  const d = DEMO_DISTRICTS.find((x) => x.code === scope);
  if (!d) throw new Error(`unknown demo scope ${scope}`);
  return rounded(ind, districtFigure(ind, d, p, exact));
}

function dtiRank(ind: DemoIndicator, scope: string, p: Period): number {
  if (scope === DEMO_PROVINCE) {
    // Among the 63 provinces: climbing by about one place a year.
    const rank = 12 - (yearOf(p) - BASE_YEAR) + 2 * noise(`${ind.code}|${p.label}`);
    return Math.min(63, Math.max(1, Math.round(rank)));
  }
  const index = { ...ind, code: 'telecom.dti_index', stats: DEMO_PERIOD_SPECS['telecom.dti_index'] };
  const score = (code: string) =>
    districtFigure(
      index,
      DEMO_DISTRICTS.find((d) => d.code === code)!,
      p,
      false,
    );
  const mine = score(scope);
  return 1 + DEMO_DISTRICTS.filter((d) => score(d.code) > mine).length;
}

/** When a report of a period was sent: before its deadline mostly, a few days late now and then. */
function reportTime(ind: DemoIndicator, scope: string, p: Period, late: boolean): number {
  const dueDays = ind.stats!.dueDays;
  const u = (noise(`${ind.code}|${scope}|${p.label}|when`) + 1) / 2;
  const dueAt = p.end + dueDays * DAY_MS;
  let t: number;
  if (late) t = dueAt + (1 + 6 * u) * DAY_MS;
  // The province compiles its figure last, on the deadline's last day.
  else if (scope === DEMO_PROVINCE) t = dueAt - 0.5 * DAY_MS;
  // The month's estimate ("ước thực hiện") comes in the last week of the month; others after the period.
  else t = dueDays === 0 ? p.end - (1.5 + 5 * u) * DAY_MS : p.end + (dueDays - 1) * (0.2 + 0.75 * u) * DAY_MS;
  return officeHours(t, noise(`${ind.code}|${scope}|${p.label}|hour`));
}

/** The same day (Vietnam time) between 08:00 and 17:00, when offices send their reports. */
function officeHours(t: number, n: number): number {
  const dayStart = Math.floor((t + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;
  return Math.round(dayStart + (8 + 4.5 * (n + 1)) * 3_600_000);
}

/**
 * Three years of reports (up to `now`) of every demo period indicator in every scope, in the order
 * they were sent, plus the story's one revision (to be sent after them). A report whose time has not
 * come yet (the current period, mostly) is left out. About 3 % of the districts' reports are late.
 */
export function demoHistory(
  indicators: readonly DemoIndicator[],
  now: number,
  years = 3,
): { reports: DemoReport[]; revisions: DemoReport[] } {
  const scopes = [DEMO_PROVINCE, ...DEMO_DISTRICTS.map((d) => d.code)];
  const reports: DemoReport[] = [];
  const revisions: DemoReport[] = [];
  const month = periodOf('month', now);
  const lastMonth = previousPeriod(month);
  const monthBefore = previousPeriod(lastMonth);
  for (const ind of indicators) {
    const s = ind.stats;
    if (!s) continue;
    const current = periodOf(s.period, now);
    const perYear = s.period === 'month' ? 12 : s.period === 'quarter' ? 4 : 1;
    const story = ind.code === DEMO_STORY.indicator;
    for (let k = years * perYear; k >= 0; k--) {
      const p = shiftPeriod(current, -k);
      for (const scope of scopes) {
        const value = demoPeriodValue(ind, scope, p);
        let late = scope !== DEMO_PROVINCE && noise(`${ind.code}|${scope}|${p.label}|late`) > 0.94;
        let reportedAt: number;
        if (story && p.start === lastMonth.start) {
          if (scope === DEMO_STORY.missing) continue;
          late = (DEMO_STORY.late as readonly string[]).includes(scope);
          // Late, yet before now (a few days after the deadline, or halfway there early in the month).
          reportedAt = late
            ? p.end + Math.max(1, Math.min(3 * DAY_MS, (now - p.end) / 2))
            : reportTime(ind, scope, p, false);
        } else {
          if (story && p.start === month.start && scope === DEMO_STORY.missing) continue;
          if (story && p.start === monthBefore.start && scope === DEMO_STORY.revised) late = false;
          reportedAt = reportTime(ind, scope, p, late);
        }
        reportedAt = Math.round(reportedAt);
        if (reportedAt > now) continue;
        reports.push({ indicator: ind.code, scope, period: p, value, reportedAt });
        if (story && p.start === monthBefore.start && scope === DEMO_STORY.revised) {
          revisions.push({
            indicator: ind.code,
            scope,
            period: p,
            value: rounded(ind, value * DEMO_STORY.revisedBy),
            reportedAt: Math.min(now, officeHours(p.end + 9 * DAY_MS, 0)),
          });
        }
      }
    }
  }
  reports.sort((a, b) => a.reportedAt - b.reportedAt);
  return { reports, revisions };
}

/**
 * Plans of the indicators that have one, for every scope and each of `years`: a published target
 * (the same for every scope), or the expected year (flows: its periods summed) less 2 %, rounded as
 * a planning office would.
 */
export function demoPlans(indicators: readonly DemoIndicator[], years: readonly number[]): DemoPlan[] {
  const scopes = [DEMO_PROVINCE, ...DEMO_DISTRICTS.map((d) => d.code)];
  const plans: DemoPlan[] = [];
  for (const ind of indicators) {
    const s = ind.stats;
    if (!s || s.plan === undefined) continue;
    for (const year of years) {
      const first = periodOf(s.period, Date.UTC(year, 0, 1, 12) - VN_OFFSET_MS);
      const perYear = s.period === 'month' ? 12 : s.period === 'quarter' ? 4 : 1;
      const periods = Array.from({ length: perYear }, (_, k) => shiftPeriod(first, k));
      for (const scope of scopes) {
        let value: number;
        if (typeof s.plan === 'number') value = s.plan;
        else {
          const figures = periods.map((p) => demoPeriodValue(ind, scope, p, true));
          const expected = isFlow(s)
            ? figures.reduce((a, b) => a + b, 0)
            : figures.reduce((a, b) => a + b, 0) / figures.length;
          const planned = expected * 0.98;
          // Whole billions (or tens for large figures), as plans are written.
          const step = planned >= 10_000 ? 100 : planned >= 1_000 ? 10 : planned >= 10 ? 1 : 0.1;
          value = Math.round(Math.round(planned / step) * step * 10) / 10;
        }
        plans.push({ indicator: ind.code, scope, year, value });
      }
    }
  }
  return plans;
}
