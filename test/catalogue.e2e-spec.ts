import { api } from './support/api';
import { type RunningService, startService } from './support/service';

describe.each(['sqlite', 'postgres'] as const)('catalogue on %s', (database) => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    svc = await startService({ database });
    admin = api(svc, svc.adminKey);
  });
  afterAll(() => svc?.cleanup());

  it('creates and lists domains, a scope tree and indicators', async () => {
    expect((await admin.post('/api/v1/domains', { code: 'finance', name: 'Tài chính' })).status).toBe(201);
    expect((await admin.post('/api/v1/domains', { code: 'health', name: 'Y tế' })).status).toBe(201);
    expect((await admin.post('/api/v1/scopes', { code: '74', name: 'Bình Dương' })).body).toEqual({
      code: '74',
      name: 'Bình Dương',
      parent: null,
    });
    expect((await admin.post('/api/v1/scopes', { code: '718', name: 'Thủ Dầu Một', parent: '74' })).body.parent).toBe(
      '74',
    );
    const ind = await admin.post('/api/v1/indicators', {
      code: 'finance.budget_revenue',
      domain: 'finance',
      name: 'Thu ngân sách',
      unit: 'tỷ đồng',
      direction: 'up',
      target: 18500,
    });
    expect(ind.status).toBe(201);
    expect(ind.body).toEqual({
      code: 'finance.budget_revenue',
      domain: 'finance',
      name: 'Thu ngân sách',
      unit: 'tỷ đồng',
      direction: 'up',
      target: 18500,
      retentionDays: null,
    });
    await admin.post('/api/v1/indicators', {
      code: 'health.beds',
      domain: 'health',
      name: 'Giường bệnh',
      unit: 'giường',
    });

    expect((await admin.get('/api/v1/domains')).body.map((d: any) => d.code)).toEqual(['finance', 'health']);
    expect((await admin.get('/api/v1/scopes')).body).toHaveLength(2);
    expect((await admin.get('/api/v1/indicators')).body).toHaveLength(2);
    expect((await admin.get('/api/v1/indicators?domain=health')).body.map((i: any) => i.code)).toEqual(['health.beds']);
    expect((await admin.get('/api/v1/indicators?domain=health&domain=finance')).body).toHaveLength(2);
    expect((await admin.get('/api/v1/indicators/health.beds')).body.unit).toBe('giường');
  });

  it('PUT creates a missing indicator (201) and replaces an existing one (200)', async () => {
    const created = await admin.put('/api/v1/indicators/health.doctors', {
      domain: 'health',
      name: 'Bác sĩ',
      unit: 'người',
    });
    expect(created.status).toBe(201);
    const replaced = await admin.put('/api/v1/indicators/health.doctors', {
      domain: 'health',
      name: 'Số bác sĩ',
      unit: 'bác sĩ',
      direction: 'up',
    });
    expect(replaced.status).toBe(200);
    expect((await admin.get('/api/v1/indicators/health.doctors')).body).toMatchObject({
      name: 'Số bác sĩ',
      unit: 'bác sĩ',
      direction: 'up',
    });
    const mismatch = await admin.put('/api/v1/indicators/health.doctors', {
      code: 'other',
      domain: 'health',
      name: 'x',
      unit: 'y',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toMatch(/code/);
  });

  it.each([
    ['/api/v1/domains', { code: 'Bad Code', name: 'x' }, /code/],
    ['/api/v1/domains', { code: 'ok' }, /name/],
    ['/api/v1/domains', { code: 'ok', name: 'x', extra: 1 }, /extra/],
    ['/api/v1/scopes', { code: 'x y', name: 'x' }, /code/],
    ['/api/v1/scopes', { code: 'X1', name: 'x', parent: 'nowhere' }, /parent.*nowhere/],
    ['/api/v1/indicators', { code: 'a.b', domain: 'nope', name: 'x', unit: 'u' }, /domain.*nope/],
    [
      '/api/v1/indicators',
      { code: 'a.b', domain: 'finance', name: 'x', unit: 'u', direction: 'sideways' },
      /direction/,
    ],
    ['/api/v1/indicators', { code: 'a.b', domain: 'finance', name: 'x', unit: 'u', target: 'high' }, /target/],
    ['/api/v1/indicators', { code: '-bad', domain: 'finance', name: 'x', unit: 'u' }, /code/],
  ])('POST %s %j is a 400 that names the problem', async (path, body, message) => {
    const r = await admin.post(path, body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    expect(r.body.message).toMatch(message);
  });

  it('409 on a duplicate code, 404 on an unknown one', async () => {
    const dup = await admin.post('/api/v1/domains', { code: 'finance', name: 'again' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toMatch(/finance.*exists/);
    expect((await admin.get('/api/v1/indicators/nope.nope')).status).toBe(404);
    expect((await admin.get('/api/v1/scopes/nope')).status).toBe(404);
  });
});
