import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { api, createKey, seedCatalogue } from './support/api';
import { connected, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

describe.each(['sqlite', 'postgres'] as const)('statistics on %s', (database) => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    // The missing condition is judged by the alert sweep: every second here.
    svc = await startService({ database, env: { IOC_ALERT_SWEEP_SECONDS: '1' } });
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
  });
  afterAll(() => svc?.cleanup());

  it('indicators take period, timeAgg, scopeAgg and dueDays; streams answer as before', async () => {
    const monthly = await admin.post('/api/v1/indicators', {
      code: 'finance.budget_monthly',
      domain: 'finance',
      name: 'Thu ngân sách theo tháng',
      unit: 'tỷ đồng',
      direction: 'up',
      period: 'month',
      timeAgg: 'sum',
      scopeAgg: 'sum',
      dueDays: 10,
    });
    expect(monthly.status).toBe(201);
    expect(monthly.body).toEqual({
      code: 'finance.budget_monthly',
      domain: 'finance',
      name: 'Thu ngân sách theo tháng',
      unit: 'tỷ đồng',
      direction: 'up',
      target: null,
      retentionDays: null,
      period: 'month',
      timeAgg: 'sum',
      scopeAgg: 'sum',
      dueDays: 10,
    });
    const yearly = await admin.put('/api/v1/indicators/finance.dti', {
      domain: 'finance',
      name: 'Chỉ số chuyển đổi số',
      unit: 'điểm',
      period: 'year',
    });
    expect(yearly.status).toBe(201);
    expect(yearly.body).toMatchObject({ period: 'year', timeAgg: 'last', scopeAgg: 'none', dueDays: 0 });
    expect((await admin.get('/api/v1/indicators/finance.budget_monthly')).body.period).toBe('month');
    const stream = (await admin.get('/api/v1/indicators/finance.revenue')).body;
    expect(Object.keys(stream).sort()).toEqual(
      ['code', 'direction', 'domain', 'name', 'retentionDays', 'target', 'unit'].sort(),
    );
  });

  it('rejects bad statistics fields with readable 400s', async () => {
    const base = { code: 'finance.bad', domain: 'finance', name: 'x', unit: 'x' };
    const bad = async (extra: object) => {
      const r = await admin.post('/api/v1/indicators', { ...base, ...extra });
      expect(r.status).toBe(400);
      return JSON.stringify(r.body);
    };
    expect(await bad({ period: 'week' })).toContain('period must be one of');
    expect(await bad({ timeAgg: 'max' })).toContain('timeAgg must be one of');
    expect(await bad({ scopeAgg: 'median' })).toContain('scopeAgg must be one of');
    expect(await bad({ dueDays: -1 })).toContain('dueDays must be 0 or more');
    expect(await bad({ dueDays: 1.5 })).toContain('dueDays must be an integer');
  });

  it('ingests period points: a period or a ts goes to the period start; bad ones are rejected naming the field', async () => {
    const oct = Date.parse('2026-10-01T00:00:00+07:00');
    const r = await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'finance.budget_monthly', scope: 'D1', period: '2026-09', value: 90 },
        { indicator: 'finance.budget_monthly', scope: 'D1', ts: '2026-10-31T23:59:00+07:00', value: 100 },
        { indicator: 'finance.budget_monthly', scope: 'D2', period: '2016-01', value: 7 },
        { indicator: 'finance.dti', scope: 'P', period: '2025', value: 0.8 },
        { indicator: 'finance.budget_monthly', scope: 'D1', period: '2026-13', value: 1 },
        { indicator: 'finance.budget_monthly', scope: 'D1', period: '2026-Q5', value: 1 },
        { indicator: 'finance.dti', scope: 'P', period: '2026-10', value: 1 },
        { indicator: 'finance.revenue', scope: 'D1', period: '2026-10', value: 1 },
        { indicator: 'finance.budget_monthly', scope: 'D1', period: '2099-01', value: 1 },
        { indicator: 'finance.revenue', scope: 'D1', ts: Date.UTC(2016, 0, 1), value: 1 },
      ],
    });
    expect(r.status).toBe(202);
    expect(r.body.accepted).toBe(4);
    expect(r.body.rejected.map((x: any) => x.index)).toEqual([4, 5, 6, 7, 8, 9]);
    const reasons: string[] = r.body.rejected.map((x: any) => x.reason);
    expect(reasons[0]).toBe('period: "2026-13": month 13 does not exist (months are 01-12)');
    expect(reasons[1]).toMatch(/^period: "2026-Q5" is a quarter, but the indicator is reported per month/);
    expect(reasons[2]).toMatch(/^period: "2026-10" is a month, but the indicator is reported per year: expected YYYY/);
    expect(reasons[3]).toMatch(/^period: indicator "finance.revenue" is a stream/);
    expect(reasons[4]).toMatch(/^period: 2099-01 has not started yet/);
    expect(reasons[5]).toMatch(/^ts: .* raw retention/);

    const latest = (i: string, s: string) => admin.get(`/api/v1/series/${i}/${s}/latest`);
    await waitFor(async () => (await latest('finance.budget_monthly', 'D1')).status === 200);
    await waitFor(async () => (await latest('finance.budget_monthly', 'D1')).body.ts === oct);
    expect((await latest('finance.budget_monthly', 'D1')).body).toEqual({
      indicator: 'finance.budget_monthly',
      scope: 'D1',
      ts: oct,
      value: 100,
    });
    await waitFor(async () => (await latest('finance.budget_monthly', 'D2')).status === 200);
    const old = await admin.get(
      `/api/v1/series/finance.budget_monthly/D2/range?from=${Date.UTC(2015, 11, 1)}&to=${Date.UTC(2016, 1, 1)}`,
    );
    expect(old.status).toBe(200);
    expect(JSON.stringify(old.body)).toContain(String(Date.parse('2016-01-01T00:00:00+07:00')));
  });

  it('plans: admin sets a year plan per scope; reads are limited to the key scopes; a plan is not a point', async () => {
    const put = await admin.put('/api/v1/plans/finance.budget_monthly/D1/2026', { value: 1200 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ indicator: 'finance.budget_monthly', scope: 'D1', year: 2026, value: 1200 });
    expect((await admin.put('/api/v1/plans/finance.budget_monthly/D1/2026', { value: 1300 })).body.value).toBe(1300);
    expect((await admin.put('/api/v1/plans/finance.budget_monthly/D2/2026', { value: 900 })).status).toBe(200);
    expect((await admin.put('/api/v1/plans/finance.budget_monthly/P/2027', { value: 2500 })).status).toBe(200);

    const bad = async (path: string, body: unknown, status = 400) => {
      const r = await admin.put(path, body);
      expect(r.status).toBe(status);
      return JSON.stringify(r.body);
    };
    expect(await bad('/api/v1/plans/finance.budget_monthly/ZZ/2026', { value: 1 })).toContain(
      'scope: unknown scope \\"ZZ\\"',
    );
    expect(await bad('/api/v1/plans/nope/D1/2026', { value: 1 })).toContain('indicator: unknown indicator');
    expect(await bad('/api/v1/plans/finance.revenue/D1/2026', { value: 1 })).toContain('is a stream');
    expect(await bad('/api/v1/plans/finance.budget_monthly/D1/26', { value: 1 })).toContain('year:');
    expect(await bad('/api/v1/plans/finance.budget_monthly/D1/2026', { value: 'x' })).toContain(
      'value must be a finite number',
    );

    const all = await admin.get('/api/v1/plans?indicator=finance.budget_monthly&year=2026');
    expect(all.body).toEqual({
      plans: [
        { indicator: 'finance.budget_monthly', scope: 'D1', year: 2026, value: 1300 },
        { indicator: 'finance.budget_monthly', scope: 'D2', year: 2026, value: 900 },
      ],
    });
    const district = api(svc, await createKey(svc, 'district', ['D1']));
    expect((await district.get('/api/v1/plans')).body.plans.map((p: any) => p.scope)).toEqual(['D1']);
    expect((await district.get('/api/v1/plans?scope=D2')).status).toBe(403);
    expect((await district.put('/api/v1/plans/finance.budget_monthly/D1/2026', { value: 1 })).status).toBe(403);
    expect((await admin.get('/api/v1/plans?scope=ZZ')).status).toBe(400);
    // The plan for 2027 did not become the latest value of P.
    expect((await admin.get('/api/v1/series/finance.budget_monthly/P/latest')).status).toBe(404);
  });

  it('revisions: a period sent again keeps every report with who and when; periods answers as of a time', async () => {
    const sender = api(svc, await createKey(svc, 'ingest'));
    const aug = Date.parse('2026-08-01T00:00:00+07:00');
    // Each report is waited for in the revision log (the worker writes it with the point), so the
    // reports are logged in the order they are sent.
    const send = async (
      who: ReturnType<typeof api>,
      period: string,
      point: { value: number; [field: string]: unknown },
    ) => {
      const r = await who.post('/api/v1/ingest', {
        points: [{ indicator: 'finance.budget_monthly', scope: 'D2', ...point }],
      });
      expect(r.body).toEqual({ accepted: 1, rejected: [] });
      await waitFor(async () => {
        const log = (await admin.get(`/api/v1/series/finance.budget_monthly/D2/revisions?period=${period}`)).body;
        return log.revisions?.at(-1)?.value === point.value;
      });
    };
    await send(sender, '2026-08', { period: '2026-08', value: 10 });
    await send(sender, '2026-08', { period: '2026-08', value: 10 }); // the same value again: not a revision
    await send(sender, '2026-07', { period: '2026-07', value: 8 });
    const firstKnown = Date.now();
    await waitFor(() => Date.now() > firstKnown + 1);
    await send(admin, '2026-08', { ts: '2026-08-20T10:00:00+07:00', value: 12 });

    const revs = await admin.get('/api/v1/series/finance.budget_monthly/D2/revisions?period=2026-08');
    expect(revs.status).toBe(200);
    expect(revs.body.revisions.map((r: any) => r.value)).toEqual([10, 12]);
    expect(revs.body.revisions[0].by).toBe('ingest key');
    expect(revs.body.revisions[1].by).not.toBe('ingest key');
    expect(revs.body.revisions[0].reportedAt).toBeLessThanOrEqual(firstKnown);
    expect(revs.body.revisions[1].reportedAt).toBeGreaterThan(firstKnown);

    const now = await admin.get('/api/v1/series/finance.budget_monthly/D2/periods?from=2026-06&to=2026-09');
    expect(now.status).toBe(200);
    expect(now.body).toEqual({
      indicator: 'finance.budget_monthly',
      scope: 'D2',
      period: 'month',
      points: [
        expect.objectContaining({
          period: '2026-07',
          ts: Date.parse('2026-07-01T00:00:00+07:00'),
          value: 8,
          revised: false,
        }),
        { period: '2026-08', ts: aug, value: 12, revised: true, reportedAt: revs.body.revisions[1].reportedAt },
      ],
    });
    const then = await admin.get(
      `/api/v1/series/finance.budget_monthly/D2/periods?from=2026-06&to=2026-09&asOf=${firstKnown}`,
    );
    expect(then.body.points[1]).toEqual({
      period: '2026-08',
      ts: aug,
      value: 10,
      revised: false,
      reportedAt: revs.body.revisions[0].reportedAt,
    });
    const before = await admin.get(
      `/api/v1/series/finance.budget_monthly/D2/periods?from=2026-06&to=2026-09&asOf=${new Date(firstKnown - 3_600_000).toISOString()}`,
    );
    expect(before.body.points).toEqual([]);
    // The store holds the current value at the period's start: latest and range keep working.
    await waitFor(async () => (await admin.get('/api/v1/series/finance.budget_monthly/D2/latest')).body.value === 12);
    expect((await admin.get('/api/v1/series/finance.budget_monthly/D2/latest')).body.ts).toBe(aug);

    const bad = async (path: string, status = 400) => {
      const r = await admin.get(path);
      expect(r.status).toBe(status);
      return JSON.stringify(r.body);
    };
    const base = '/api/v1/series/finance.budget_monthly/D2';
    expect(await bad(`${base}/periods?asOf=${Date.now() + 3_600_000}`)).toContain('asOf:');
    expect(await bad(`${base}/periods?asOf=${Date.now() + 3_600_000}`)).toContain('in the future');
    expect(await bad(`${base}/periods?from=2026-13`)).toContain('from: \\"2026-13\\": month 13 does not exist');
    expect(await bad(`${base}/periods?from=2026-10&to=2026-01`)).toContain('from: 2026-10 is after to');
    expect(await bad(`${base}/revisions?period=2026-Q5`)).toContain('period: \\"2026-Q5\\" is a quarter');
    expect(await bad(`${base}/revisions`)).toContain('period: missing');
    expect(await bad('/api/v1/series/finance.revenue/D2/periods')).toContain('is a stream');
    expect(await bad('/api/v1/series/finance.budget_monthly/ZZ/periods', 404)).toContain('unknown scope');
    const district = api(svc, await createKey(svc, 'district', ['D1']));
    expect((await district.get(`${base}/revisions?period=2026-08`)).status).toBe(403);
  });

  it('summary: previous, same period last year, year to date, plan and rank among siblings', async () => {
    const r = await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'finance.budget_monthly', scope: 'D1', period: '2025-10', value: 80 },
        { indicator: 'finance.budget_monthly', scope: 'D1', period: '2026-01', value: 50 },
        { indicator: 'finance.budget_monthly', scope: 'D2', period: '2026-10', value: 150 },
      ],
    });
    expect(r.body.accepted).toBe(3);
    // The worker stores the values and their revision log entries together: wait for all three.
    const summary = () => admin.get('/api/v1/series/finance.budget_monthly/D1/summary?period=2026-10');
    await waitFor(async () => {
      const b = (await summary()).body;
      return b.sameLastYear === 80 && b.ytd === 240 && b.rank?.of === 2;
    });
    const s = await summary();
    expect(s.status).toBe(200);
    expect(s.body).toEqual({
      indicator: 'finance.budget_monthly',
      scope: 'D1',
      period: '2026-10',
      value: 100,
      previous: 90,
      changePct: expect.closeTo(11.111, 2),
      sameLastYear: 80,
      yoyPct: 25,
      ytd: 240,
      plan: 1300,
      planPct: expect.closeTo((240 / 1300) * 100, 6),
      rank: { position: 2, of: 2 },
      // D1 has a child (C1), which did not report October.
      derived: { value: null, reported: 0, expected: 1 },
    });
    // P has no own figure: every field answers from its children's (D1 + D2 per month).
    const parent = await admin.get('/api/v1/series/finance.budget_monthly/P/summary?period=2026-10');
    expect(parent.body).toEqual({
      indicator: 'finance.budget_monthly',
      scope: 'P',
      period: '2026-10',
      value: 250,
      previous: 90,
      changePct: expect.closeTo(((250 - 90) / 90) * 100, 6),
      sameLastYear: 80,
      yoyPct: 212.5,
      ytd: 50 + 8 + 12 + 90 + 250,
      plan: null,
      planPct: null,
      derived: { value: 250, reported: 2, expected: 2 },
    });
    const empty = await admin.get('/api/v1/series/finance.budget_monthly/C1/summary?period=2026-10');
    expect(empty.body).toEqual({
      indicator: 'finance.budget_monthly',
      scope: 'C1',
      period: '2026-10',
      value: null,
      previous: null,
      changePct: null,
      sameLastYear: null,
      yoyPct: null,
      ytd: null,
      plan: null,
      planPct: null,
    });
    expect((await admin.get('/api/v1/series/finance.budget_monthly/D1/summary?period=2026')).status).toBe(400);
    const yearly = await admin.get('/api/v1/series/finance.dti/P/summary?period=2026-10');
    expect(yearly.status).toBe(400);
    expect(yearly.body.message).toMatch(/^period: "2026-10" is a month, but the indicator is reported per year/);
    const stream = await admin.get('/api/v1/series/finance.revenue/D1/summary?period=2026-10');
    expect(stream.status).toBe(400);
    expect(stream.body.message).toMatch(/^indicator: "finance.revenue" is a stream/);
    expect((await admin.get('/api/v1/series/finance.budget_monthly/D1/summary?period=2026-Q5')).body.message).toMatch(
      /^period: "2026-Q5" is a quarter/,
    );
  });

  it('summaries: every period indicator of a scope in one answer, each as its own summary; bad input; key scopes', async () => {
    const all = await admin.get('/api/v1/summaries?scope=D1&period=2026-10');
    expect(all.status).toBe(200);
    expect(all.body.scope).toBe('D1');
    expect(all.body.period).toBe('2026-10');
    const codes = all.body.summaries.map((x: any) => x.indicator);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toEqual(expect.arrayContaining(['finance.budget_monthly', 'finance.dti']));
    expect(codes).not.toContain('finance.revenue'); // a stream
    for (const one of all.body.summaries) {
      // Each in its own period (the yearly one for 2026), the same as the per-series answer.
      const own = await admin.get(`/api/v1/series/${one.indicator}/D1/summary?period=${one.period}`);
      expect(one).toEqual(own.body);
    }
    expect(all.body.summaries.find((x: any) => x.indicator === 'finance.dti').period).toBe('2026');
    expect(all.body.summaries.find((x: any) => x.indicator === 'finance.budget_monthly')).toMatchObject({
      value: 100,
      ytd: 240,
      plan: 1300,
      rank: { position: 2, of: 2 },
    });
    // A year asked: only indicators reported per year or longer.
    const year = await admin.get('/api/v1/summaries?scope=D1&period=2026');
    expect(year.body.summaries.map((x: any) => x.indicator)).toEqual(['finance.dti']);
    const domain = await admin.get('/api/v1/summaries?scope=D1&period=2026-10&domain=env');
    expect(domain.body.summaries).toEqual([]);

    expect((await admin.get('/api/v1/summaries?period=2026-10')).body.message).toMatch(/^scope: /);
    expect((await admin.get('/api/v1/summaries?scope=ZZ&period=2026-10')).status).toBe(404);
    expect((await admin.get('/api/v1/summaries?scope=D1')).body.message).toMatch(/^period: missing/);
    expect((await admin.get('/api/v1/summaries?scope=D1&period=2026-13')).body.message).toMatch(/^period: /);
    expect((await admin.get('/api/v1/summaries?scope=D1&period=2026-10&domain=nope')).body.message).toMatch(
      /^domain: unknown domain "nope"/,
    );
    const district = api(svc, await createKey(svc, 'district', ['D2']));
    expect((await district.get('/api/v1/summaries?scope=D2&period=2026-10')).status).toBe(200);
    expect((await district.get('/api/v1/summaries?scope=D1&period=2026-10')).status).toBe(403);
  });

  it('reporting: not_due, on_time, late and missing per indicator and scope; a district key sees its own rows', async () => {
    const local = DateTime.now().setZone('Asia/Ho_Chi_Minh');
    const current = local.toFormat('yyyy-MM');
    const previous = local.minus({ months: 1 }).toFormat('yyyy-MM');
    expect(
      (
        await admin.post('/api/v1/indicators', {
          code: 'finance.reports',
          domain: 'finance',
          name: 'Báo cáo tháng',
          unit: 'báo cáo',
          period: 'month',
          dueDays: 0,
        })
      ).status,
    ).toBe(201);
    const sent = await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'finance.reports', scope: 'D1', period: previous, value: 1 },
        { indicator: 'finance.reports', scope: 'D1', period: previous, value: 2 },
        { indicator: 'finance.reports', scope: 'D2', period: current, value: 1 },
      ],
    });
    expect(sent.body.accepted).toBe(3);
    const rowsOf = (body: any) =>
      Object.fromEntries(body.rows.filter((r: any) => r.indicator === 'finance.reports').map((r: any) => [r.scope, r]));
    // Stored (with their revision log entries) by the worker.
    await waitFor(async () => {
      const rows = rowsOf((await admin.get(`/api/v1/reporting?period=${previous}&domain=finance`)).body);
      return rows.D1?.revisions === 1;
    });
    await waitFor(async () => {
      const rows = rowsOf((await admin.get(`/api/v1/reporting?period=${current}&domain=finance`)).body);
      return rows.D2?.reportedAt !== undefined;
    });

    const prev = await admin.get(`/api/v1/reporting?period=${previous}&domain=finance`);
    expect(prev.status).toBe(200);
    expect(prev.body.period).toBe(previous);
    const p = rowsOf(prev.body);
    expect(Object.keys(p).sort()).toEqual(['C1', 'D1', 'D2', 'P']);
    expect(p.D1).toMatchObject({ period: previous, status: 'late', revisions: 1 });
    expect(p.D1.reportedAt).toBeGreaterThan(p.D1.dueAt);
    expect(p.D2).toMatchObject({ status: 'missing', revisions: 0 });
    expect(p.D2.reportedAt).toBeUndefined();
    expect(p.D2.dueAt).toBe(Date.parse(`${current}-01T00:00:00+07:00`));

    const cur = rowsOf((await admin.get(`/api/v1/reporting?period=${current}&scope=P`)).body);
    expect(cur.D2).toMatchObject({ status: 'on_time', revisions: 0 });
    expect(cur.D1).toMatchObject({ status: 'not_due' });

    const district = api(svc, await createKey(svc, 'district', ['D2']));
    const own = await district.get(`/api/v1/reporting?period=${current}`);
    expect(own.status).toBe(200);
    expect([...new Set(own.body.rows.map((r: any) => r.scope))]).toEqual(['D2']);
    expect((await district.get(`/api/v1/reporting?period=${current}&scope=D1`)).status).toBe(403);
    // A yearly indicator asked for a month answers for the year that holds it.
    const years = (await admin.get(`/api/v1/reporting?period=${current}&scope=P`)).body.rows.filter(
      (r: any) => r.indicator === 'finance.dti',
    );
    expect(years[0].period).toBe(local.toFormat('yyyy'));

    const bad = async (q: string) => {
      const r = await admin.get(`/api/v1/reporting${q}`);
      expect(r.status).toBe(400);
      return JSON.stringify(r.body);
    };
    expect(await bad('')).toContain('period: missing');
    expect(await bad('?period=2026-13')).toContain('month 13 does not exist');
    expect(await bad(`?period=${current}&scope=ZZ`)).toContain('scope: unknown scope');
    expect(await bad(`?period=${current}&domain=nope`)).toContain('domain: unknown domain');
  });

  it('periods of a parent scope: derived from its children with completeness, own figure first', async () => {
    const start = (m: string) => Date.parse(`${m}-01T00:00:00+07:00`);
    const derivedOnly = await admin.get('/api/v1/series/finance.budget_monthly/P/periods?from=2026-07&to=2026-10');
    expect(derivedOnly.status).toBe(200);
    expect(
      derivedOnly.body.points.map((p: any) => ({ period: p.period, ts: p.ts, value: p.value, derived: p.derived })),
    ).toEqual([
      { period: '2026-07', ts: start('2026-07'), value: 8, derived: { value: 8, reported: 1, expected: 2 } },
      { period: '2026-08', ts: start('2026-08'), value: 12, derived: { value: 12, reported: 1, expected: 2 } },
      { period: '2026-09', ts: start('2026-09'), value: 90, derived: { value: 90, reported: 1, expected: 2 } },
      { period: '2026-10', ts: start('2026-10'), value: 250, derived: { value: 250, reported: 2, expected: 2 } },
    ]);
    await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'finance.budget_monthly', scope: 'P', period: '2026-10', value: 260 }],
    });
    const ownOf = () => admin.get('/api/v1/series/finance.budget_monthly/P/periods?from=2026-10&to=2026-10');
    await waitFor(async () => (await ownOf()).body.points?.[0]?.value === 260);
    const own = await ownOf();
    expect(own.body.points).toEqual([
      expect.objectContaining({
        period: '2026-10',
        value: 260,
        revised: false,
        derived: { value: 250, reported: 2, expected: 2 },
      }),
    ]);
    // A scope without children has no derived figure.
    const leaf = await admin.get('/api/v1/series/finance.budget_monthly/D2/periods?from=2026-10&to=2026-10');
    expect(leaf.body.points[0].derived).toBeUndefined();
  });

  it('roll-ups are recursive: a commune reaches the province through a district without its own figure', async () => {
    const sent = await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'finance.budget_monthly', scope: 'C1', period: '2026-05', value: 5 }],
    });
    expect(sent.body.accepted).toBe(1);
    const june = (scope: string) =>
      admin.get(`/api/v1/series/finance.budget_monthly/${scope}/periods?from=2026-05&to=2026-05`);
    expect((await june('D1')).body.points).toEqual([
      expect.objectContaining({
        period: '2026-05',
        value: 5,
        revised: false,
        derived: { value: 5, reported: 1, expected: 1 },
      }),
    ]);
    const p = (await june('P')).body.points;
    expect(p).toEqual([
      expect.objectContaining({ period: '2026-05', value: 5, derived: { value: 5, reported: 1, expected: 2 } }),
    ]);
    // The reportedAt of a derived value is the latest report inside it (the commune's).
    const rev = await admin.get('/api/v1/series/finance.budget_monthly/C1/revisions?period=2026-05');
    expect(p[0].reportedAt).toBe(rev.body.revisions[0].reportedAt);
    const summary = (await admin.get('/api/v1/series/finance.budget_monthly/P/summary?period=2026-05')).body;
    expect(summary).toMatchObject({ value: 5, derived: { value: 5, reported: 1, expected: 2 } });
    // D1 ranks among P's children by its derived value for May (D2 did not report it).
    expect((await admin.get('/api/v1/series/finance.budget_monthly/D1/summary?period=2026-05')).body).toMatchObject({
      value: 5,
      rank: { position: 1, of: 1 },
    });
  });

  it('range with a calendar step: by period in the UTC+7 calendar; a numeric step over a period indicator too', async () => {
    const start = (label: string) => Date.parse(`${label}T00:00:00+07:00`);
    const base = '/api/v1/series/finance.budget_monthly/D1/range';
    const from = start('2025-01-01');
    const to = start('2026-12-31');
    const q = (step: string, agg = 'sum') => admin.get(`${base}?from=${from}&to=${to}&step=${step}&agg=${agg}`);
    // D1: 2025-10 80, 2026-01 50, 2026-09 90, 2026-10 100.
    expect((await q('quarter')).body.points).toEqual([
      { ts: start('2025-10-01'), value: 80 },
      { ts: start('2026-01-01'), value: 50 },
      { ts: start('2026-07-01'), value: 90 },
      { ts: start('2026-10-01'), value: 100 },
    ]);
    expect((await q('year')).body.points).toEqual([
      { ts: start('2025-01-01'), value: 80 },
      { ts: start('2026-01-01'), value: 240 },
    ]);
    expect((await q('year', 'count')).body.points.map((p: any) => p.value)).toEqual([1, 3]);
    // A numeric step (an hour, a day) is never finer than the indicator's month; 80 days is a quarter.
    for (const step of ['3600000', 'day']) {
      expect((await q(step, 'avg')).body.points).toEqual([
        { ts: start('2025-10-01'), value: 80 },
        { ts: start('2026-01-01'), value: 50 },
        { ts: start('2026-09-01'), value: 90 },
        { ts: start('2026-10-01'), value: 100 },
      ]);
    }
    expect((await q(String(80 * 86_400_000))).body.points).toHaveLength(4);

    // A stream with step=day buckets at Hanoi midnights; a numeric day step stays at UTC midnights.
    const day = DateTime.now().setZone('Asia/Ho_Chi_Minh').startOf('day').minus({ days: 2 });
    const late = day.set({ hour: 23, minute: 30 }).toMillis();
    const early = day.plus({ days: 1 }).set({ hour: 0, minute: 30 }).toMillis();
    const sent = await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'env.aqi', scope: 'D2', ts: late, value: 40 },
        { indicator: 'env.aqi', scope: 'D2', ts: early, value: 60 },
        { indicator: 'env.aqi', scope: 'D2', ts: early + 60_000, value: 80 },
      ],
    });
    expect(sent.body.accepted).toBe(3);
    const aqi = (step: string, agg = 'avg') =>
      admin.get(
        `/api/v1/series/env.aqi/D2/range?from=${late - 3_600_000}&to=${early + 3_600_000}&step=${step}&agg=${agg}`,
      );
    await waitFor(async () => (await aqi('day', 'count')).body.points?.length === 2);
    expect((await aqi('day')).body.points).toEqual([
      { ts: day.toMillis(), value: 40 },
      { ts: day.plus({ days: 1 }).toMillis(), value: 70 },
    ]);
    expect((await aqi('day', 'first')).body.points.map((p: any) => p.value)).toEqual([40, 60]);
    expect((await aqi('day', 'last')).body.points.map((p: any) => p.value)).toEqual([40, 80]);
    // 16:30 and 17:30 UTC: one UTC day.
    expect((await aqi('86400000', 'count')).body.points).toEqual([
      { ts: Math.floor(late / 86_400_000) * 86_400_000, value: 3 },
    ]);

    const bad = await admin.get(`${base}?step=week`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(
      'step: give a whole number of milliseconds (at least 1) or a calendar unit: day, month, quarter, year',
    );
    const long = await admin.get(`${base}?step=${400 * 86_400_000}`);
    expect(long.status).toBe(400);
    expect(long.body.message).toMatch(/^step: .* longer than a year/);
  });

  it('the missing alert condition fires for a past-due absent report and resolves when it arrives, to a socket and a webhook', async () => {
    const previous = DateTime.now().setZone('Asia/Ho_Chi_Minh').minus({ months: 1 }).toFormat('yyyy-MM');
    const hooks: any[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push(JSON.parse(body));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // A district key of D2 on a socket hears D2's alert; one of D1 does not.
    const d2 = connectLive(svc, await createKey(svc, 'district', ['D2']));
    const d1 = connectLive(svc, await createKey(svc, 'district', ['D1']));
    try {
      const heard: any[] = [];
      const heardByD1: any[] = [];
      d2.on('alert', (a: any) => heard.push(a));
      d1.on('alert', (a: any) => heardByD1.push(a));
      for (const s of [d1, d2]) {
        await connected(s);
        expect((await s.emitWithAck('subscribe', {})).ok).toBe(true);
      }
      const created = await admin.post('/api/v1/alert-rules', {
        indicator: 'finance.reports',
        scope: 'D2',
        condition: { op: 'missing' },
        severity: 'warning',
        channels: [{ type: 'webhook', url }],
      });
      expect(created.status).toBe(201);
      expect(created.body.condition).toEqual({ op: 'missing' });
      const mine = (list: any[]) => list.filter((a) => a.ruleId === created.body.id);
      await waitFor(() => mine(heard).length === 1 && mine(hooks).length === 1, { timeoutMs: 15_000 });
      const [fired] = mine(heard);
      expect(fired).toMatchObject({ scope: 'D2', indicator: 'finance.reports', state: 'firing', threshold: 0 });
      expect(fired.reason).toMatch(/^Báo cáo tháng \(District 2\): chưa có báo cáo kỳ vừa kết thúc/);
      expect(mine(hooks)[0]).toMatchObject({ id: fired.id, state: 'firing', reason: fired.reason });
      const alertsOf = async (state: string) =>
        ((await admin.get(`/api/v1/alerts?limit=1000&state=${state}`)).body.alerts as any[]).filter(
          (a) => a.ruleId === created.body.id,
        );
      expect((await alertsOf('firing')).map((a) => a.id)).toEqual([fired.id]);

      const sent = await admin.post('/api/v1/ingest', {
        points: [{ indicator: 'finance.reports', scope: 'D2', period: previous, value: 3 }],
      });
      expect(sent.body.accepted).toBe(1);
      await waitFor(() => mine(heard).length === 2 && mine(hooks).length === 2, { timeoutMs: 15_000 });
      expect(mine(heard)[1]).toMatchObject({ id: fired.id, state: 'resolved' });
      expect(mine(hooks)[1]).toMatchObject({ id: fired.id, state: 'resolved' });
      expect((await alertsOf('resolved')).map((a) => a.id)).toEqual([fired.id]);
      expect(mine(heardByD1)).toEqual([]);
      expect((await admin.delete(`/api/v1/alert-rules/${created.body.id}`)).status).toBe(204);
    } finally {
      d1.close();
      d2.close();
      receiver.close();
    }
  });
});

describe('statistics on a gateway and a worker', () => {
  let gateway: RunningService | undefined;
  let worker: RunningService | undefined;

  beforeAll(async () => {
    gateway = await startService({ app: 'gateway' });
    worker = await startService({ app: 'worker', share: gateway });
    await seedCatalogue(gateway);
  });
  afterAll(async () => {
    await worker?.cleanup();
    await gateway?.cleanup();
  });

  it('takes a period value at the gateway, stores it in the worker, answers periods and plans', async () => {
    const admin = api(gateway!, gateway!.adminKey);
    expect(
      (
        await admin.post('/api/v1/indicators', {
          code: 'finance.q',
          domain: 'finance',
          name: 'Hồ sơ trực tuyến theo quý',
          unit: 'hồ sơ',
          period: 'quarter',
          timeAgg: 'sum',
        })
      ).status,
    ).toBe(201);
    const r = await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'finance.q', scope: 'D1', period: '2026-Q3', value: 420 }],
    });
    expect(r.body).toEqual({ accepted: 1, rejected: [] });
    await waitFor(async () => (await admin.get('/api/v1/series/finance.q/D1/latest')).status === 200);
    expect((await admin.get('/api/v1/series/finance.q/D1/latest')).body.ts).toBe(
      Date.parse('2026-07-01T00:00:00+07:00'),
    );
    const periodsOf = () => admin.get('/api/v1/series/finance.q/D1/periods?from=2026-Q2&to=2026-Q3');
    await waitFor(async () => (await periodsOf()).body.points?.length === 1);
    const periods = await periodsOf();
    expect(periods.body.points.map((p: any) => [p.period, p.value])).toEqual([['2026-Q3', 420]]);
    expect((await admin.put('/api/v1/plans/finance.q/D1/2026', { value: 2000 })).status).toBe(200);
    expect((await admin.get('/api/v1/series/finance.q/D1/summary?period=2026-Q3')).body).toMatchObject({
      value: 420,
      ytd: 420,
      plan: 2000,
      planPct: 21,
    });
  });
});
