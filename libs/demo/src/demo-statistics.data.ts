import type { IndicatorStatistics } from '@app/contracts';

/**
 * How a demo period indicator is reported and what its figures look like. The figures of a district
 * of size 1 (demo-scopes.data.ts) in BASE_YEAR; other years grow (or, for rates, climb) by `growth`.
 */
export interface DemoPeriodSpec extends Omit<IndicatorStatistics, 'period'> {
  period: 'month' | 'quarter' | 'year';
  /** A period's figure for a district of size 1 in BASE_YEAR (flows: per period; rates: the level). */
  base: number;
  /** Per year: relative for flows and counts (0.08 = +8 %), in points for rates and levels. */
  growth: number;
  /** Relative noise of one report (0.05 = ±5 %; FDI is lumpy). */
  noise: number;
  /** Month-of-year shape of monthly flows (Tết in January/February, the year-end push). */
  season?: 'revenue' | 'production' | 'disbursement';
  /**
   * The year's plan per scope: `growth` = the expected year (its flows summed, or the rate) times
   * 0.98, what a planning office sets from last year's trend; a number = the province's published
   * target, the same for every scope.
   */
  plan?: 'growth' | number;
  /** Upper bound of a rate (a share cannot pass 100 %, a target may be met). */
  max?: number;
}

/** The year the bases describe (Bình Dương's magnitudes around 2024). */
export const BASE_YEAR = 2024;

const monthly = (base: number, growth: number, more: Partial<DemoPeriodSpec> = {}): DemoPeriodSpec => ({
  period: 'month',
  timeAgg: 'sum',
  scopeAgg: 'sum',
  dueDays: 5,
  base,
  growth,
  noise: 0.06,
  season: 'production',
  ...more,
});
const quarterly = (base: number, growth: number, more: Partial<DemoPeriodSpec> = {}): DemoPeriodSpec => ({
  period: 'quarter',
  timeAgg: 'sum',
  scopeAgg: 'sum',
  dueDays: 15,
  base,
  growth,
  noise: 0.05,
  ...more,
});
/** A yearly share (%) of the province's digital-transformation plan, reported a month after the year. */
const yearlyRate = (base: number, growth: number, plan: number, max = 100): DemoPeriodSpec => ({
  period: 'year',
  timeAgg: 'last',
  scopeAgg: 'avg',
  dueDays: 31,
  base,
  growth,
  noise: 0.03,
  plan,
  max,
});

/**
 * The demo's period indicators (the rest of the catalogue are streams fed by the simulator). Budget
 * revenue is reported as the month's estimate ("ước thực hiện") before the month ends (`dueDays` 0);
 * the other monthly figures by the 5th or 10th, quarterly ones by the 15th, yearly ones in January,
 * the DTI when the ministry publishes it (April).
 */
export const DEMO_PERIOD_SPECS: Readonly<Record<string, DemoPeriodSpec>> = {
  // Bình Dương collects about 65,000 billion VND a year; the nine districts' sizes add up to 8.25.
  'finance.budget_revenue': monthly(640, 0.08, { dueDays: 0, season: 'revenue', plan: 'growth' }),
  'finance.domestic_revenue': monthly(460, 0.08, { season: 'revenue', plan: 'growth' }),
  'finance.import_export_revenue': monthly(150, 0.05, { noise: 0.1, plan: 'growth' }),
  'finance.land_use_revenue': monthly(55, -0.04, { noise: 0.35, season: 'revenue', plan: 'growth' }),
  'finance.budget_expenditure': monthly(420, 0.07, { season: 'disbursement' }),
  'finance.public_investment_disbursed': monthly(140, 0.1, { season: 'disbursement', plan: 'growth' }),
  // About 1.2 billion USD of new FDI a year, plus adjustments and capital contributions; lumpy.
  'investment.fdi_registered': monthly(12, 0.06, { dueDays: 10, noise: 0.45, season: undefined, plan: 'growth' }),
  'investment.fdi_adjusted': monthly(8, 0.04, { dueDays: 10, noise: 0.5, season: undefined }),
  'investment.fdi_capital_contribution': monthly(4.5, 0.02, { dueDays: 10, noise: 0.5, season: undefined }),
  'investment.fdi_disbursed': monthly(9, 0.05, { dueDays: 10, noise: 0.2, season: undefined }),
  'investment.fdi_projects': monthly(1.6, 0.03, { dueDays: 10, noise: 0.4, season: undefined }),
  'investment.domestic_investment': monthly(700, 0.07, { dueDays: 10, noise: 0.2 }),
  'investment.new_enterprises': monthly(62, 0.05, { dueDays: 10, noise: 0.12, plan: 'growth' }),
  'trade.retail_sales': monthly(3000, 0.1, { season: 'revenue', plan: 'growth' }),
  'trade.exports': monthly(320, 0.09, { plan: 'growth' }),
  'trade.imports': monthly(225, 0.08),
  // Online public services per quarter (counts summed, shares averaged over the districts).
  'public_services.dossiers_received': quarterly(15000, 0.04),
  'public_services.dossiers_resolved': quarterly(14500, 0.04),
  'public_services.dossiers_online_full': quarterly(9000, 0.12, { plan: 'growth' }),
  'public_services.dossiers_online_partial': quarterly(3200, -0.05),
  'public_services.dossiers_online_pct': quarterly(68, 4, { timeAgg: 'avg', scopeAgg: 'avg', noise: 0.02, plan: 80 }),
  'public_services.dossiers_on_time_pct': quarterly(96, 0.5, { timeAgg: 'avg', scopeAgg: 'avg', noise: 0.01 }),
  'public_services.online_payment_pct': quarterly(41, 6, { timeAgg: 'avg', scopeAgg: 'avg', noise: 0.04, plan: 60 }),
  'labour.jobs_created': quarterly(6300, 0.03, { plan: 'growth' }),
  'labour.unemployment_pct': quarterly(2.1, -0.1, { timeAgg: 'avg', scopeAgg: 'avg', noise: 0.08 }),
  // The province's published digital-transformation targets (yearly, with plans).
  'telecom.broadband_households_pct': yearlyRate(89, 3.5, 100),
  'telecom.digital_economy_share': yearlyRate(16, 1.3, 20),
  'telecom.bank_account_adults_pct': yearlyRate(76, 2.5, 80),
  'telecom.egov_spending_pct': yearlyRate(0.42, 0.04, 0.5),
  'telecom.community_digital_teams_pct': yearlyRate(88, 6, 100),
  'telecom.smartphone_adults_pct': yearlyRate(84, 2.5, 90),
  // The DTI: an index 0-1 per scope and its rank (the province among 63 provinces, a district among
  // the province's nine); published by the ministry in April: due 120 days after the year.
  'telecom.dti_index': { ...yearlyRate(0.58, 0.03, 0.65, 1), scopeAgg: 'none', dueDays: 120, plan: undefined },
  'telecom.dti_rank': {
    ...yearlyRate(0, 0, 0),
    timeAgg: 'last',
    scopeAgg: 'none',
    dueDays: 120,
    plan: undefined,
    max: undefined,
  },
};

/** The code patterns of family indicators that are period indicators (one spec for each member). */
export const DEMO_FAMILY_PERIOD_SPECS: ReadonlyArray<[RegExp, DemoPeriodSpec]> = [
  [/^finance\.revenue\.f\d\d\.amount$/, monthly(58, 0.08, { season: 'revenue' })],
  [/^finance\.spending\.d\d\d?\.amount$/, monthly(30, 0.07, { season: 'disbursement' })],
  [/^investment\.country\.n\d\d\.capital$/, monthly(1.1, 0.05, { dueDays: 10, noise: 0.6, season: undefined })],
  [/^investment\.country\.n\d\d\.projects$/, monthly(0.14, 0.03, { dueDays: 10, noise: 0.6, season: undefined })],
  [/^trade\.export\.e\d\d\.value$/, monthly(16, 0.09)],
];

/** The spec of a demo indicator that is reported per period, or undefined for a stream. */
export function demoPeriodSpec(code: string): DemoPeriodSpec | undefined {
  return DEMO_PERIOD_SPECS[code] ?? DEMO_FAMILY_PERIOD_SPECS.find(([re]) => re.test(code))?.[1];
}

/** Monthly shapes (January first); each averages 1 over the year. */
export const SEASONS: Record<NonNullable<DemoPeriodSpec['season']>, readonly number[]> = {
  // Year-end tax settlement in January, a Tết dip in February, a push in December.
  revenue: [1.3, 0.72, 0.9, 1.02, 0.93, 0.98, 0.95, 0.94, 0.97, 1.0, 1.03, 1.26],
  // Factories stop for Tết (late January/February), then busier towards the year's end.
  production: [0.92, 0.78, 1.0, 0.98, 1.0, 1.0, 1.02, 1.03, 1.02, 1.05, 1.08, 1.12],
  // Public spending and investment disbursement pile up at the year's end.
  disbursement: [0.55, 0.6, 0.8, 0.85, 0.9, 0.95, 1.0, 1.0, 1.05, 1.15, 1.3, 1.85],
};
