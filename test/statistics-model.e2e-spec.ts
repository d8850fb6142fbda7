import fc from 'fast-check';
import { DateTime } from 'luxon';
import { PeriodModel } from '../libs/query/src/period-model.testing';
import { api } from './support/api';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

const LABELS = ['2025-11', '2025-12', '2026-01', '2026-02'];
const PERIODS = LABELS.map((label) => ({
  label,
  start: DateTime.fromISO(`${label}-01T00:00:00`, { zone: 'Asia/Ho_Chi_Minh' }).toMillis(),
}));

/**
 * A few random cases of the statistics property test, through HTTP on the built service: random scope
 * trees, reports and revisions sent in batches (each batch one request, so one report time), random
 * timeAgg and scopeAgg; `periods` at an `asOf` between two batches and `summary` must match the plain
 * in-memory model (libs/query/src/period-model.testing.ts). The many-run version, with random report
 * times, is libs/query/src/period-query.property.spec.ts.
 */
describe('statistics against an in-memory model, through HTTP (fast-check)', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    svc = await startService();
    admin = api(svc, svc.adminKey);
    expect((await admin.post('/api/v1/domains', { code: 'stat', name: 'Thống kê' })).status).toBe(201);
  });
  afterAll(() => svc?.cleanup());

  const report = fc.record({
    scope: fc.nat(),
    period: fc.integer({ min: 0, max: LABELS.length - 1 }),
    value: fc.integer({ min: -3, max: 20 }),
  });

  it('periods at asOf and summary match the model', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(report, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('sum', 'avg', 'last'),
        fc.constantFrom('sum', 'avg', 'none'),
        fc.nat(),
        async (communes, batches, timeAgg, scopeAgg, cutSeed) => {
          const n = run++;
          const r = `R${n}`;
          const parents = new Map<string, string | null>([[r, null]]);
          communes.forEach((n, d) => {
            parents.set(`${r}D${d}`, r);
            for (let c = 0; c < n; c++) parents.set(`${r}D${d}C${c}`, `${r}D${d}`);
          });
          const scopes = [...parents.keys()];
          for (const [code, parent] of parents) {
            const created = await admin.post('/api/v1/scopes', { code, name: code, ...(parent ? { parent } : {}) });
            expect(created.status).toBe(201);
          }
          const indicator = `stat.m${n}`;
          const made = await admin.post('/api/v1/indicators', {
            code: indicator,
            domain: 'stat',
            name: indicator,
            unit: 'u',
            direction: 'up',
            period: 'month',
            timeAgg,
            scopeAgg,
          });
          expect(made.body).toMatchObject({ code: indicator });
          const children = (s: string) => scopes.filter((x) => parents.get(x) === s);
          const model = new PeriodModel(children, scopeAgg, timeAgg);

          // Batch k is reported at time k in the model; `known[k]` is a real time after it and
          // before batch k + 1, so asOf = known[k] sees batches 1..k.
          const known = [Date.now()];
          for (const [i, batch] of batches.entries()) {
            await waitFor(() => Date.now() > known[i]);
            const points = batch.map((b) => ({
              indicator,
              scope: scopes[b.scope % scopes.length],
              period: LABELS[b.period],
              value: b.value,
            }));
            const sent = await admin.post('/api/v1/ingest', { points });
            expect(sent.body).toEqual({ accepted: points.length, rejected: [] });
            model.add(points.map((p, j) => ({ ...p, ts: PERIODS[batch[j].period].start, reportedAt: i + 1 })));
            known.push(Date.now());
          }
          await waitFor(() => Date.now() > known[known.length - 1]);
          const cut = cutSeed % known.length;
          const withoutTime = ({ reportedAt: _, ...rest }: any) => rest;

          for (const scope of scopes) {
            const answer = await admin.get(
              `/api/v1/series/${indicator}/${scope}/periods?from=${LABELS[0]}&to=${LABELS[3]}&asOf=${known[cut]}`,
            );
            expect(answer.status).toBe(200);
            expect(answer.body.points.map(withoutTime)).toEqual(
              PERIODS.map((p) => model.point(scope, p, cut))
                .filter((p) => p !== undefined)
                .map(withoutTime),
            );
            const summary = await admin.get(`/api/v1/series/${indicator}/${scope}/summary?period=${LABELS[3]}`);
            const all = batches.length;
            const expected: Record<string, unknown> = {
              value: model.figure(scope, PERIODS[3].start, all)?.value ?? null,
              previous: model.figure(scope, PERIODS[2].start, all)?.value ?? null,
              ytd: model.ytd(scope, [PERIODS[2].start, PERIODS[3].start], all),
            };
            const derived = model.derived(scope, PERIODS[3].start, all);
            if (derived) expected.derived = derived;
            const rank = model.rank(scope, parents.get(scope)!, PERIODS[3].start, all);
            if (rank) expected.rank = rank;
            expect(summary.body).toMatchObject(expected);
            expect(summary.body.derived).toEqual(derived);
            expect(summary.body.rank).toEqual(rank);
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});
