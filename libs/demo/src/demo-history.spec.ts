import { parsePeriod, previousPeriod, periodOf } from '@app/catalogue';
import { DEMO_INDICATORS } from './demo-catalogue';
import { DEMO_STORY, demoHistory, demoPeriodValue, demoPlans } from './demo-history.util';
import { DEMO_DISTRICTS } from './demo-scopes.data';
import { SimulatorService } from './simulator.service';
import type { PointIntake } from '@app/ingestion';

const DAY = 86_400_000;
const byCode = (code: string) => DEMO_INDICATORS.find((i) => i.code === code)!;
const periodic = DEMO_INDICATORS.filter((i) => i.stats);

describe('demo period indicators', () => {
  it('are a realistic part of the catalogue: monthly, quarterly and yearly, with their statistics fields', () => {
    const kinds = (k: string) => periodic.filter((i) => i.period === k).length;
    expect(kinds('month')).toBeGreaterThanOrEqual(50);
    expect(kinds('quarter')).toBeGreaterThanOrEqual(5);
    expect(kinds('year')).toBeGreaterThanOrEqual(7);
    for (const i of periodic) {
      expect([i.code, i.timeAgg, i.scopeAgg, typeof i.dueDays]).toEqual([
        i.code,
        expect.stringMatching(/^(sum|last|avg)$/),
        expect.stringMatching(/^(sum|avg|none)$/),
        'number',
      ]);
    }
    expect(byCode('finance.budget_revenue')).toMatchObject({
      period: 'month',
      timeAgg: 'sum',
      scopeAgg: 'sum',
      unit: 'tỷ đồng',
      direction: 'up',
    });
    expect(byCode('investment.fdi_registered')).toMatchObject({ period: 'month', unit: 'triệu USD' });
    expect(byCode('public_services.dossiers_online_pct')).toMatchObject({
      period: 'quarter',
      unit: '%',
      timeAgg: 'avg',
    });
    expect(byCode('telecom.dti_rank')).toMatchObject({ period: 'year', direction: 'down', scopeAgg: 'none' });
    for (const code of [
      'telecom.broadband_households_pct',
      'telecom.digital_economy_share',
      'telecom.bank_account_adults_pct',
      'telecom.egov_spending_pct',
      'telecom.community_digital_teams_pct',
    ]) {
      expect(byCode(code)).toMatchObject({ period: 'year', unit: '%', direction: 'up' });
    }
  });

  it('are never simulated: a tick sends streams only', async () => {
    const sent: { indicator: string }[] = [];
    const intake = {
      take: async (points: { indicator: string }[]) => {
        sent.push(...points);
        return { accepted: points.length, rejected: [] };
      },
    } as unknown as PointIntake;
    const sim = new SimulatorService(intake);
    await sim.tick('minute', Date.UTC(2026, 10, 23, 3));
    await sim.tick('second', Date.UTC(2026, 10, 23, 3));
    const codes = new Set(sent.map((p) => p.indicator));
    expect(codes.has('finance.domestic_revenue')).toBe(false);
    expect(periodic.some((i) => codes.has(i.code))).toBe(false);
    expect(codes.size).toBe(DEMO_INDICATORS.length - periodic.length);
  });

  it('carry names and units a Vietnamese official would write', () => {
    expect(byCode('agriculture.product.g13.output')).toMatchObject({
      name: 'Sản lượng trứng gia cầm',
      unit: 'triệu quả',
    });
    expect(byCode('agriculture.product.g14.output')).toMatchObject({ name: 'Sản lượng sữa bò tươi', unit: 'tấn' });
    expect(byCode('agriculture.product.g01.output').name).toBe('Sản lượng cao su');
    const animals = DEMO_INDICATORS.filter((i) => /^agriculture\.product\.g1[0-4]\./.test(i.code));
    expect(animals.length).toBe(10);
    expect(animals.every((i) => i.unit !== 'ha')).toBe(true);
  });
});

describe('demo history', () => {
  // Early on the 2nd of a month (Vietnam time) and late in a month: the story holds on any day.
  for (const now of [Date.UTC(2026, 11, 1, 23, 36), Date.UTC(2026, 9, 31, 16, 59), Date.UTC(2027, 1, 14, 4)]) {
    describe(`at ${new Date(now).toISOString()}`, () => {
      const { reports, revisions } = demoHistory(DEMO_INDICATORS, now);
      const last = previousPeriod(periodOf('month', now));
      const story = reports.filter((r) => r.indicator === DEMO_STORY.indicator && r.period.start === last.start);

      it('has three years of every period indicator in every scope, nothing reported after now', () => {
        const revenue = reports.filter((r) => r.indicator === DEMO_STORY.indicator && r.scope === '718');
        expect(revenue.length).toBeGreaterThanOrEqual(36);
        expect(revenue.length).toBeLessThanOrEqual(37);
        expect(reports.every((r) => r.reportedAt <= now && r.period.start <= now)).toBe(true);
        expect(new Set(reports.map((r) => r.indicator)).size).toBe(periodic.length);
        const sorted = reports.map((r) => r.reportedAt);
        expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
      });

      it('last month: one district missing, two late, the rest on time (dueDays 0: due at the month end)', () => {
        expect(byCode(DEMO_STORY.indicator).dueDays).toBe(0);
        const scopes = story.map((r) => r.scope).sort();
        expect(scopes).toEqual(['718', '719', '720', '721', '723', '724', '725', '726', '74']);
        for (const r of story) {
          const late = (DEMO_STORY.late as readonly string[]).includes(r.scope);
          expect([r.scope, r.reportedAt > last.end]).toEqual([r.scope, late]);
        }
      });

      it('has one revision: a district revises the month before last, after its first report', () => {
        expect(revisions).toHaveLength(1);
        const [rev] = revisions;
        const first = reports.find(
          (r) => r.indicator === rev.indicator && r.scope === rev.scope && r.period.start === rev.period.start,
        )!;
        expect(rev).toMatchObject({ indicator: DEMO_STORY.indicator, scope: DEMO_STORY.revised });
        expect(rev.period.start).toBe(previousPeriod(last).start);
        expect(rev.value).not.toBe(first.value);
        expect(rev.reportedAt).toBeGreaterThan(first.reportedAt);
        expect(rev.reportedAt).toBeLessThanOrEqual(now);
      });

      it('has a few late reports elsewhere too, but mostly on time', () => {
        const late = reports.filter((r) => r.reportedAt > r.period.end + byCode(r.indicator).stats!.dueDays * DAY);
        expect(late.length).toBeGreaterThan(10);
        expect(late.length / reports.length).toBeLessThan(0.06);
      });
    });
  }

  it('values are plausible: the province is the sum of its districts, revenue grows and is seasonal', () => {
    const ind = byCode(DEMO_STORY.indicator);
    const oct = parsePeriod('month', '2026-10');
    const districts = DEMO_DISTRICTS.map((d) => demoPeriodValue(ind, d.code, oct));
    expect(demoPeriodValue(ind, '74', oct)).toBeCloseTo(
      districts.reduce((a, b) => a + b, 0),
      5,
    );
    const year = (y: number) =>
      Array.from({ length: 12 }, (_, m) =>
        demoPeriodValue(ind, '74', parsePeriod('month', `${y}-${String(m + 1).padStart(2, '0')}`)),
      );
    const total = year(2025).reduce((a, b) => a + b, 0);
    // Bình Dương collects some 60,000-80,000 billion VND a year.
    expect(total).toBeGreaterThan(55_000);
    expect(total).toBeLessThan(90_000);
    expect(year(2026).reduce((a, b) => a + b, 0)).toBeGreaterThan(total);
    // January (year-end settlement) above February (Tết).
    expect(year(2025)[0]).toBeGreaterThan(year(2025)[1] * 1.3);
  });

  it('ranks districts by DTI index 1-9 and the province among 63', () => {
    const rank = byCode('telecom.dti_rank');
    const y = parsePeriod('year', '2025');
    const ranks = DEMO_DISTRICTS.map((d) => demoPeriodValue(rank, d.code, y)).sort((a, b) => a - b);
    expect(ranks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const province = demoPeriodValue(rank, '74', y);
    expect(province).toBeGreaterThanOrEqual(1);
    expect(province).toBeLessThanOrEqual(63);
  });

  it('plans: every scope for each year, published targets as they are, budget plans near the expected year', () => {
    const plans = demoPlans(DEMO_INDICATORS, [2025, 2026]);
    const of = (indicator: string, scope: string, year: number) =>
      plans.find((p) => p.indicator === indicator && p.scope === scope && p.year === year)?.value;
    expect(of('telecom.broadband_households_pct', '722', 2026)).toBe(100);
    expect(of('telecom.digital_economy_share', '74', 2025)).toBe(20);
    expect(of('telecom.bank_account_adults_pct', '74', 2025)).toBe(80);
    expect(of('telecom.egov_spending_pct', '74', 2025)).toBe(0.5);
    expect(of('telecom.community_digital_teams_pct', '718', 2025)).toBe(100);
    const revenue = of(DEMO_STORY.indicator, '74', 2025)!;
    const actual = Array.from({ length: 12 }, (_, m) =>
      demoPeriodValue(
        byCode(DEMO_STORY.indicator),
        '74',
        parsePeriod('month', `2025-${String(m + 1).padStart(2, '0')}`),
      ),
    ).reduce((a, b) => a + b, 0);
    expect(revenue / actual).toBeGreaterThan(0.9);
    expect(revenue / actual).toBeLessThan(1.05);
    for (const scope of ['74', ...DEMO_DISTRICTS.map((d) => d.code)])
      expect(of(DEMO_STORY.indicator, scope, 2026)).toBeGreaterThan(0);
  });
});
