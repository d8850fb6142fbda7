import fc from 'fast-check';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { type Revision, RevisionLog, revisionAsOf, type RevisionOutcome } from './revision-log.store';

/** Reports of a few periods of a few children, against a plain in-memory model of the log. */
describe('RevisionLog against an in-memory model (fast-check, real Redis)', () => {
  const redis = new Redis('redis://127.0.0.1:6379/3');
  const prefix = `test:rev:${randomBytes(4).toString('hex')}`;
  const log = new RevisionLog(redis, prefix);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const report = fc.record({
    scope: fc.constantFrom('A', 'B', 'C'),
    period: fc.integer({ min: 0, max: 3 }),
    value: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
  });

  it('keeps every change in order, skips repeats of the last value, says what it did, and answers asOf like the model', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(report, { maxLength: 40 }), fc.integer({ min: 0, max: 45 }), async (reports, cut) => {
        const indicator = `ind${run++}`;
        const model = new Map<string, Revision[]>();
        // One report per ms, appended in small batches (as intake does), in order.
        const entries = reports.map((r, i) => ({
          indicator,
          scope: r.scope,
          ts: r.period * 1000,
          value: r.value === 0 ? 0 : r.value,
          reportedAt: 10_000 + i,
          by: `key${i % 2}`,
        }));
        const outcomes: RevisionOutcome[] = [];
        for (let i = 0; i < entries.length; i += 7) outcomes.push(...(await log.append(entries.slice(i, i + 7))));
        entries.forEach((e, i) => {
          const id = `${e.scope}|${e.ts}`;
          const list = model.get(id) ?? [];
          const appended = list.length === 0 || list[list.length - 1].value !== e.value;
          if (appended) list.push({ value: e.value, reportedAt: e.reportedAt, by: e.by });
          model.set(id, list);
          // Whether it was logged, whether the current value is a revision, and the value it replaced.
          expect(outcomes[i]).toEqual({
            appended,
            revised: list.length > 1,
            previous: list.length > 1 ? list[list.length - 2].value : null,
          });
        });
        // The last report again (a retried job): not logged again, the same answer about revisions.
        if (entries.length > 0) {
          const [again] = await log.append(entries.slice(-1));
          expect(again).toEqual({ ...outcomes[entries.length - 1], appended: false });
        }
        const asOf = 10_000 + cut;
        for (const scope of ['A', 'B', 'C']) {
          const stored = await log.periods(indicator, scope, 0, 3000);
          for (let period = 0; period <= 3; period++) {
            const want = model.get(`${scope}|${period * 1000}`) ?? [];
            expect(stored.get(period * 1000) ?? []).toEqual(want);
            expect(await log.period(indicator, scope, period * 1000)).toEqual(want);
            expect(revisionAsOf(stored.get(period * 1000) ?? [], asOf)?.current).toEqual(
              [...want].reverse().find((r) => r.reportedAt <= asOf),
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
