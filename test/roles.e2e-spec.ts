import { api, createKey, seedCatalogue } from './support/api';
import { type RunningService, startService } from './support/service';

describe('keys and roles', () => {
  let svc: RunningService;
  const keys: Record<string, string> = {};
  const T = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    svc = await startService();
    await seedCatalogue(svc);
    keys.admin = svc.adminKey;
    keys.operator = await createKey(svc, 'operator');
    keys.viewer = await createKey(svc, 'viewer');
    keys.district = await createKey(svc, 'district', ['D1']);
    keys.ingest = await createKey(svc, 'ingest');
    await api(svc, svc.adminKey).post('/api/v1/ingest', {
      points: [
        { indicator: 'env.aqi', scope: 'C1', ts: T, value: 1 },
        { indicator: 'env.aqi', scope: 'D2', ts: T, value: 2 },
      ],
    });
  });
  afterAll(() => svc?.cleanup());

  const ingestBody = { points: [{ indicator: 'env.aqi', scope: 'D1', ts: T, value: 3 }] };
  const endpoints: Array<[string, (a: ReturnType<typeof api>) => Promise<{ status: number }>, string[]]> = [
    ['GET domains', (a) => a.get('/api/v1/domains'), ['admin', 'operator', 'viewer', 'district']],
    ['GET scopes', (a) => a.get('/api/v1/scopes'), ['admin', 'operator', 'viewer', 'district']],
    ['GET indicators', (a) => a.get('/api/v1/indicators'), ['admin', 'operator', 'viewer', 'district']],
    ['GET latest', (a) => a.get('/api/v1/latest'), ['admin', 'operator', 'viewer', 'district']],
    [
      'GET series latest in D1',
      (a) => a.get('/api/v1/series/env.aqi/C1/latest'),
      ['admin', 'operator', 'viewer', 'district'],
    ],
    [
      'POST domains',
      (a) => a.post('/api/v1/domains', { code: `d${Math.random().toString(36).slice(2, 8)}`, name: 'x' }),
      ['admin'],
    ],
    ['POST api-keys', (a) => a.post('/api/v1/api-keys', { name: 'k', role: 'viewer' }), ['admin']],
    ['GET api-keys', (a) => a.get('/api/v1/api-keys'), ['admin']],
    ['POST ingest', (a) => a.post('/api/v1/ingest', ingestBody), ['admin', 'ingest']],
  ];

  it.each(endpoints)('%s: 401 without a key or with an unknown one', async (_name, call) => {
    expect((await call(api(svc))).status).toBe(401);
    expect((await call(api(svc, 'ioc_not-a-real-key'))).status).toBe(401);
  });

  it.each(endpoints)('%s: allowed roles get 2xx, the others 403', async (_name, call, allowed) => {
    for (const role of ['admin', 'operator', 'viewer', 'district', 'ingest']) {
      const r = await call(api(svc, keys[role]));
      if (allowed.includes(role)) expect([role, Math.floor(r.status / 100)]).toEqual([role, 2]);
      else expect([role, r.status]).toEqual([role, 403]);
    }
  });

  it('GET /api/v1/me tells every role who it is and what it may do; no key is a 401', async () => {
    const expected: Record<string, { role: string; scopes: string[] | null; capabilities: string[] }> = {
      admin: { role: 'admin', scopes: null, capabilities: ['read', 'ingest', 'ack', 'monitor', 'admin'] },
      operator: { role: 'operator', scopes: null, capabilities: ['read', 'ack', 'monitor'] },
      viewer: { role: 'viewer', scopes: null, capabilities: ['read'] },
      district: { role: 'district', scopes: ['D1'], capabilities: ['read', 'ack'] },
      ingest: { role: 'ingest', scopes: null, capabilities: ['ingest'] },
    };
    for (const [role, want] of Object.entries(expected)) {
      const r = await api(svc, keys[role]).get('/api/v1/me');
      expect([role, r.status]).toEqual([role, 200]);
      expect(r.body).toEqual({ name: role === 'admin' ? expect.any(String) : `${role} key`, ...want });
      expect(JSON.stringify(r.body)).not.toContain(keys[role]);
    }
    const none = await api(svc).get('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/Bearer/) });
    expect((await api(svc, 'ioc_not-a-key').get('/api/v1/me')).status).toBe(401);
  });

  it('401 and 403 bodies say what to do', async () => {
    const r401 = await api(svc).get('/api/v1/domains');
    expect(r401.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/Bearer/) });
    const r403 = await api(svc, keys.viewer).post('/api/v1/domains', { code: 'zz', name: 'x' });
    expect(r403.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringMatching(/viewer/) });
  });

  it('a district key sees only inside its scopes', async () => {
    const d = api(svc, keys.district);
    expect((await d.get('/api/v1/scopes')).body.map((s: any) => s.code).sort()).toEqual(['C1', 'D1']);
    const seen = (await d.get('/api/v1/latest')).body.points.map((p: any) => p.scope);
    expect(seen).toContain('C1');
    expect(seen.every((s: string) => s === 'C1' || s === 'D1')).toBe(true);
    expect((await d.get('/api/v1/latest?scope=D2')).status).toBe(403);
    expect((await d.get('/api/v1/series/env.aqi/D2/latest')).status).toBe(403);
    expect((await d.get('/api/v1/series/env.aqi/D2/range')).status).toBe(403);
    expect((await d.get('/api/v1/series/env.aqi/C1/latest')).status).toBe(200);
  });

  it('a district key gets 403 for any scope outside its own, known or not; other keys 404 for an unknown one', async () => {
    const d = api(svc, keys.district);
    for (const path of ['/api/v1/series/env.aqi/NOPE/latest', '/api/v1/series/env.aqi/NOPE/range']) {
      const r = await d.get(path);
      expect(r.status).toBe(403);
      expect(r.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: "scope NOPE is outside this key's scopes",
      });
      expect((await d.get(path.replace('NOPE', 'D2'))).status).toBe(403);
      for (const role of ['admin', 'viewer'])
        expect([role, (await api(svc, keys[role]).get(path)).status]).toEqual([role, 404]);
    }
    expect((await d.get('/api/v1/series/nope.nope/NOPE/latest')).status).toBe(403);
    expect((await d.get('/api/v1/series/nope.nope/C1/latest')).status).toBe(404);
  });

  it('GET /health needs no key', async () => {
    const r = await api(svc).get('/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });

  it('a key is shown once, works, and stops working once revoked', async () => {
    const admin = api(svc, svc.adminKey);
    const created = await admin.post('/api/v1/api-keys', { name: 'temp', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      key: expect.stringMatching(/^ioc_/),
      name: 'temp',
      role: 'viewer',
      scopes: null,
    });
    const list = (await admin.get('/api/v1/api-keys')).body as any[];
    expect(JSON.stringify(list)).not.toContain(created.body.key);
    expect((await api(svc, created.body.key).get('/api/v1/domains')).status).toBe(200);
    expect((await admin.delete(`/api/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await api(svc, created.body.key).get('/api/v1/domains')).status).toBe(401);
  });

  it('refuses bad key requests with readable 400s', async () => {
    const admin = api(svc, svc.adminKey);
    expect((await admin.post('/api/v1/api-keys', { name: 'x', role: 'king' })).body.message).toMatch(/role/);
    expect((await admin.post('/api/v1/api-keys', { name: 'x', role: 'district' })).body.message).toMatch(/scope/);
    expect(
      (await admin.post('/api/v1/api-keys', { name: 'x', role: 'district', scopes: ['nowhere'] })).body.message,
    ).toMatch(/nowhere/);
  });
});
