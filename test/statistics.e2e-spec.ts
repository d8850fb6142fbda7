import { api, seedCatalogue } from './support/api';
import { type RunningService, startService } from './support/service';

describe.each(['sqlite', 'postgres'] as const)('statistics on %s', (database) => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    svc = await startService({ database });
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
});
