import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { type CatalogueCache, parsePeriod, type PlansService } from '@app/catalogue';
import type { IndicatorInfo, KeyPrincipal, ScopeAgg, ScopeInfo, TimeAgg } from '@app/contracts';
import { RevisionLog } from '@app/timeseries';
import { PeriodModel } from './period-model.testing';
import { PeriodQueryService } from './period-query.service';

/**
 * The real PeriodQueryService on a real Redis revision log, over random scope trees (province →
 * districts → communes), random reports and revisions with random report times, random timeAgg and
 * scopeAgg, against a plain in-memory model: a period's value is a scope's own last report known at
 * `asOf`, else (scopeAgg not none) the sum or mean of its children's values, recursively; `reported`
 * counts the direct children with a value. The catalogue and plans are small in-memory stand-ins (the
 * answers under test come from Redis).
 */
describe('period queries against an in-memory model (fast-check, real Redis)', () => {
  const redis = new Redis('redis://127.0.0.1:6379/3');
  const prefix = `test:pq:${randomBytes(4).toString('hex')}`;
  const log = new RevisionLog(redis, prefix);
  const admin: KeyPrincipal = { id: 'k', name: 'admin', role: 'admin', scopes: null };
  const LABELS = ['2025-11', '2025-12', '2026-01', '2026-02'];
  const PERIODS = LABELS.map((l) => parsePeriod('month', l));

  afterAll(async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  });

  /** Communes per district: 1 to 3 districts of 0 to 3 communes. */
  const tree = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 });
  const report = fc.record({
    scope: fc.nat(),
    period: fc.integer({ min: 0, max: LABELS.length - 1 }),
    value: fc.integer({ min: -3, max: 20 }),
    gap: fc.integer({ min: 0, max: 3 }),
  });

  it('derived values and completeness, asOf, year to date and rank match the model', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        tree,
        fc.array(report, { maxLength: 30 }),
        fc.constantFrom<TimeAgg>('sum', 'avg', 'last'),
        fc.constantFrom<ScopeAgg>('sum', 'avg', 'none'),
        fc.integer({ min: 0, max: 100 }),
        async (communes, reports, timeAgg, scopeAgg, cut) => {
          const indicator = `ind${run++}`;
          // The tree.
          const scopes: ScopeInfo[] = [{ code: 'P', name: 'P', parent: null }];
          communes.forEach((n, d) => {
            scopes.push({ code: `D${d}`, name: `D${d}`, parent: 'P' });
            for (let c = 0; c < n; c++) scopes.push({ code: `D${d}C${c}`, name: `D${d}C${c}`, parent: `D${d}` });
          });
          const children = (s: string) => scopes.filter((x) => x.parent === s).map((x) => x.code);
          const info: IndicatorInfo = {
            code: indicator,
            domain: 'd',
            name: indicator,
            unit: 'u',
            direction: 'up',
            target: null,
            retentionDays: null,
            period: 'month',
            timeAgg,
            scopeAgg,
            dueDays: 0,
          };
          const catalogue = {
            indicator: (code: string) => (code === indicator ? info : undefined),
            scope: (code: string) => scopes.find((s) => s.code === code),
            childrenOf: children,
            subtree: (code: string): string[] => [code, ...children(code).flatMap((c) => catalogue.subtree(c))],
            isWithin: () => true,
          };
          const plans = { find: async () => null, findMany: async () => new Map<string, number>() };
          const service = new PeriodQueryService(
            catalogue as unknown as CatalogueCache,
            log,
            plans as unknown as PlansService,
          );

          // Reports in time order (reportedAt never goes back, as at intake), in small batches.
          let at = 1_000;
          const entries = reports.map((r) => ({
            indicator,
            scope: scopes[r.scope % scopes.length].code,
            ts: PERIODS[r.period].start,
            value: r.value,
            reportedAt: (at += r.gap),
            by: 'k',
          }));
          for (let i = 0; i < entries.length; i += 5) await log.append(entries.slice(i, i + 5));
          const asOf = 1_000 + cut;

          const model = new PeriodModel(children, scopeAgg, timeAgg);
          model.add(entries);

          for (const s of scopes) {
            const answer = await service.periods(admin, indicator, s.code, {
              from: LABELS[0],
              to: LABELS[LABELS.length - 1],
              asOf: String(asOf),
            });
            const want = PERIODS.map((p) => model.point(s.code, p, asOf)).filter((p) => p !== undefined);
            expect(answer.points).toEqual(want);

            // Summary of the last period: current values (every report known).
            const now = Number.MAX_SAFE_INTEGER;
            const last = PERIODS[PERIODS.length - 1];
            const summary = await service.summary(admin, indicator, s.code, last.label);
            const value = model.figure(s.code, last.start, now)?.value ?? null;
            const ytdStarts = PERIODS.filter((p) => p.label.startsWith('2026')).map((p) => p.start);
            expect(summary.value).toBe(value);
            expect(summary.previous).toBe(model.figure(s.code, PERIODS[2].start, now)?.value ?? null);
            expect(summary.ytd).toBe(model.ytd(s.code, ytdStarts, now));
            expect(summary.derived).toEqual(model.derived(s.code, last.start, now));
            expect(summary.rank).toEqual(model.rank(s.code, s.parent, last.start, now));
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
