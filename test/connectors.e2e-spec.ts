import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, createKey, seedCatalogue } from './support/api';
import { LiveFeed } from '@app/client';
import { connected, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/**
 * HTTP poll sources end to end: a gateway (API) and two worker processes (runners) over one Redis and
 * one database, polling a real HTTP server in this test process that answers with ETags and 304s,
 * errors, redirects, a huge body and no answer at all.
 */
describe('sources: HTTP poll end to end (gateway + two workers)', () => {
  const token = `tok-${randomBytes(12).toString('hex')}`;
  const secretsKey = randomBytes(32).toString('base64');
  let gateway: RunningService;
  let workers: RunningService[] = [];
  let admin: ReturnType<typeof api>;
  let peer: Server;
  let base: string;

  // What the peer saw and how it answers.
  const hits: Record<string, number> = {};
  const authSeen: string[] = [];
  let notModified = 0;
  let feedVersion = 1;
  let flakyFails = true;
  let watchedFails = true;
  let slowInFlight = 0;
  let slowMaxInFlight = 0;
  let slowServed = 0;
  const hanging: ServerResponse[] = [];

  const feed = () => ({
    data: {
      items: [
        { district_code: 'D1', aqi: 40 + feedVersion, updated_at: Date.now() - 1000 },
        { district_code: 'D2', aqi: 61, updated_at: new Date(Date.now() - 1000).toISOString() },
        { district_code: 'ZZ', aqi: 70, updated_at: Date.now() - 1000 },
      ],
    },
  });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url!, base).pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    switch (path) {
      case '/feed': {
        if (req.headers.authorization) authSeen.push(req.headers.authorization);
        const etag = `"v${feedVersion}"`;
        if (req.headers['if-none-match'] === etag) {
          notModified++;
          res.writeHead(304, { etag });
          return res.end();
        }
        return json(200, feed(), { etag });
      }
      case '/watched':
        return watchedFails ? json(503, { error: 'maintenance' }) : json(200, { items: [{ code: 'D2', v: 7 }] });
      case '/flaky':
        return flakyFails ? json(500, { error: 'database is down' }) : json(200, { items: [{ code: 'D1', v: 5 }] });
      case '/redirect':
        res.writeHead(302, { location: '/moved' });
        return res.end();
      case '/moved':
        return json(200, { items: [{ code: 'D2', v: 7 }] });
      case '/redirect-ftp':
        res.writeHead(301, { location: 'ftp://files.example.gov.vn/aqi.json' });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/huge': {
        // A body without a length that never ends: the poller must cut it off past maxBytes.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (res.write(chunk)) if (res.writableLength > 1 << 20) break;
        };
        res.on('drain', pump);
        pump();
        req.socket.on('close', () => res.destroy());
        return;
      }
      case '/hang':
        hanging.push(res);
        return;
      case '/slow':
        slowInFlight++;
        slowMaxInFlight = Math.max(slowMaxInFlight, slowInFlight);
        setTimeout(() => {
          slowInFlight--;
          slowServed++;
          json(200, { items: [{ code: 'D1', v: slowServed }] });
        }, 1500);
        return;
      default:
        return json(404, { error: 'no such path' });
    }
  };

  const create = async (body: object) => {
    const r = await admin.post('/api/v1/sources', body);
    if (r.status !== 201) throw new Error(`source: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const source = async (id: string) => (await admin.get(`/api/v1/sources/${id}`)).body;
  const simple = { each: 'items', indicator: '=env.aqi', scope: 'code', value: 'v' };
  const health = async (scope: string) => admin.get(`/api/v1/series/system.source_health/${scope}/latest`);

  beforeAll(async () => {
    peer = createServer(handle);
    await new Promise<void>((done) => peer.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
    const env = {
      IOC_SOURCE_MIN_INTERVAL_SECONDS: '1',
      IOC_SOURCE_FAILING_AFTER: '2',
      IOC_SECRETS_KEY: secretsKey,
    };
    gateway = await startService({ app: 'gateway', env });
    workers = await Promise.all([
      startService({ app: 'worker', env, share: gateway }),
      startService({ app: 'worker', env, share: gateway }),
    ]);
    admin = api(gateway, gateway.adminKey);
    await seedCatalogue(gateway);
  });

  afterAll(async () => {
    for (const res of hanging) res.destroy();
    for (const w of workers) await w.cleanup();
    await gateway?.cleanup();
    peer?.closeAllConnections();
    await new Promise((done) => peer?.close(done));
  });

  it('refuses bad sources with a readable 400, and non-admin keys with 403', async () => {
    const good = { name: 'x', kind: 'http', url: `${base}/feed`, intervalSeconds: 1, mapping: simple };
    const bad: [object, RegExp][] = [
      [
        { ...good, mapping: { each: 'items[', indicator: '=a', scope: 'b', value: 'c' } },
        /^mapping\.each: does not parse as JSONata/,
      ],
      [{ ...good, mapping: { each: 'items', scope: 'b', value: 'c' } }, /^mapping\.indicator: required/],
      [{ ...good, url: 'ftp://x.gov.vn/a' }, /^url: must be an http:\/\/ or https:\/\/ URL/],
      [{ ...good, url: `http://127.0.0.1:${gateway.port}/api/v1/latest` }, /^url: points at ioc-stream itself/],
      [{ ...good, url: `http://localhost:${gateway.port}/` }, /^url: points at ioc-stream itself/],
      [{ ...good, intervalSeconds: 0 }, /^intervalSeconds: 0 is too short: at least 1/],
      [{ ...good, cron: '* * * * *' }, /^intervalSeconds, cron: give one of them/],
      [{ ...good, timeoutMs: 5 }, /^timeoutMs: must be a whole number from 100 to 60000/],
      [{ ...good, kind: 'ftp' }, /kind must be "http" or "mqtt"/],
      [{ ...good, colour: 'red' }, /property colour should not exist/],
    ];
    for (const [body, message] of bad) {
      const r = await admin.post('/api/v1/sources', body);
      expect({ body, status: r.status, message: r.body?.message }).toEqual({
        body,
        status: 400,
        message: expect.stringMatching(message),
      });
      expect(r.body.error).toBe('Bad Request');
    }
    const operator = await createKey(gateway, 'operator');
    expect((await api(gateway, operator).get('/api/v1/sources')).status).toBe(403);
    expect((await api(gateway, operator).post('/api/v1/sources', good)).status).toBe(403);
    expect((await api(gateway).get('/api/v1/sources')).status).toBe(401);
    expect((await admin.get('/api/v1/sources/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('polls, keeps good points and reports bad ones with reasons, 304s cost nothing, secrets never shown or logged', async () => {
    const src = await create({
      name: 'Open data: AQI by district',
      kind: 'http',
      url: `${base}/feed`,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      intervalSeconds: 1,
      mapping: { each: 'data.items', indicator: "'env.aqi'", scope: 'district_code', ts: 'updated_at', value: 'aqi' },
    });
    expect(src).toMatchObject({ name: 'Open data: AQI by district', kind: 'http', state: 'ok', paused: false });
    expect(src.headers).toEqual({ Authorization: '***', Accept: 'application/json' });

    await waitFor(async () => (await source(src.id)).accepted >= 2, { message: () => 'feed not polled' });
    const after = await source(src.id);
    expect(after).toMatchObject({ state: 'ok', accepted: 2, rejected: 1, lastError: null });
    expect(after.lastRejected).toEqual([{ index: 2, reason: expect.stringMatching(/unknown scope.*ZZ/) }]);
    expect((await admin.get('/api/v1/series/env.aqi/D1/latest')).body.value).toBe(41);
    expect((await admin.get('/api/v1/series/env.aqi/D2/latest')).body.value).toBe(61);
    expect(authSeen[0]).toBe(`Bearer ${token}`);

    // Unchanged: 304s, nothing taken again.
    await waitFor(() => notModified >= 2, { message: () => `no conditional requests (hits ${JSON.stringify(hits)})` });
    const unchanged = await source(src.id);
    expect(unchanged).toMatchObject({ accepted: 2, rejected: 1, state: 'ok' });
    expect(unchanged.lastSuccessAt).toBeGreaterThan(after.lastSuccessAt);
    expect(unchanged.nextRunAt).toEqual(expect.any(Number));

    // Changed: taken again.
    feedVersion = 2;
    await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/D1/latest')).body?.value === 42);

    // Its health series reads 1, under the `sources` root scope.
    await waitFor(async () => (await health(src.healthScope)).body?.value === 1);
    const scopes = (await admin.get('/api/v1/scopes')).body as any[];
    expect(scopes.find((s) => s.code === src.healthScope)).toMatchObject({ parent: 'sources' });

    // PATCH with the mask keeps the secret; the list never shows it.
    const patched = await admin.patch(`/api/v1/sources/${src.id}`, { headers: { Authorization: '***' }, name: 'AQI' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'AQI', headers: { Authorization: '***' } });
    const seenBefore = authSeen.length;
    await waitFor(() => authSeen.length > seenBefore);
    expect(authSeen.at(-1)).toBe(`Bearer ${token}`);
    const list = await admin.get('/api/v1/sources');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(await source(src.id))).not.toContain(token);
    for (const svc of [gateway, ...workers]) expect(svc.output()).not.toContain(token);

    // Paused: no more polls; deleted: 204, then 404.
    const paused = await admin.patch(`/api/v1/sources/${src.id}`, { paused: true });
    expect(paused.body).toMatchObject({ state: 'paused', nextRunAt: null });
    expect((await admin.delete(`/api/v1/sources/${src.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/sources/${src.id}`)).status).toBe(404);
  });

  it('is failing after N failures in a row, with the error in words and health 0, and recovers', async () => {
    const src = await create({
      name: 'flaky',
      kind: 'http',
      url: `${base}/flaky`,
      intervalSeconds: 1,
      mapping: simple,
    });
    await waitFor(async () => (await source(src.id)).state === 'failing', { message: () => 'never failing' });
    const failing = await source(src.id);
    expect(failing.lastError).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/flaky answered HTTP 500: .*database is down/);
    expect(failing.failures).toBeGreaterThanOrEqual(2);
    await waitFor(async () => (await health(src.healthScope)).body?.value === 0);

    flakyFails = false;
    await waitFor(async () => (await source(src.id)).state === 'ok', { timeoutMs: 15_000 });
    expect(await source(src.id)).toMatchObject({ lastError: null, failures: 0, accepted: 1 });
    await waitFor(async () => (await health(src.healthScope)).body?.value === 1);
    await admin.delete(`/api/v1/sources/${src.id}`);
  });

  it('tells admin sockets that take the health series every change of a source, live; no other key', async () => {
    const src = await create({
      name: 'watched',
      kind: 'http',
      url: `${base}/watched`,
      intervalSeconds: 1,
      mapping: simple,
      paused: true,
    });
    const operator = await createKey(gateway, 'operator');
    const [a, o] = [connectLive(gateway, gateway.adminKey), connectLive(gateway, operator)];
    const seenA: any[] = [];
    const seenO: any[] = [];
    const fromFeed: any[] = []; // the client library hands them over too
    const feed = new LiveFeed({
      url: gateway.baseUrl,
      key: gateway.adminKey,
      subscription: { domains: ['system'] },
      onSource: (e) => void fromFeed.push(e),
    });
    feed.start();
    a.on('source', (e) => seenA.push(e));
    o.on('source', (e) => seenO.push(e));
    try {
      await Promise.all([connected(a), connected(o)]);
      for (const s of [a, o]) expect((await s.emitWithAck('subscribe', { domains: ['system'] })).ok).toBe(true);
      const mine = () => seenA.filter((e) => e.id === src.id);

      expect((await admin.patch(`/api/v1/sources/${src.id}`, { paused: false })).status).toBe(200);
      await waitFor(async () => mine().some((e) => e.state === 'failing'), { message: () => JSON.stringify(mine()) });
      const failing = mine().find((e) => e.state === 'failing');
      expect(failing).toMatchObject({ name: 'watched', kind: 'http', paused: false, healthScope: src.healthScope });
      expect(failing.failures).toBeGreaterThanOrEqual(2);
      expect(failing.lastError).toMatch(/answered HTTP 503: .*maintenance/);
      // The state only: settings (URL, headers, mapping) never go out live.
      for (const field of ['url', 'headers', 'mapping', 'intervalSeconds']) expect(failing).not.toHaveProperty(field);

      watchedFails = false;
      await waitFor(async () => mine().some((e) => e.state === 'ok' && e.accepted === 1 && e.lastError === null), {
        timeoutMs: 15_000,
        message: () => JSON.stringify(mine().slice(-3)),
      });
      expect((await admin.delete(`/api/v1/sources/${src.id}`)).status).toBe(204);
      await waitFor(async () => mine().some((e) => e.deleted === true));
      expect(seenO).toEqual([]);
      await waitFor(async () => fromFeed.some((e) => e.id === src.id && e.deleted === true));
      expect(fromFeed.filter((e) => e.id === src.id).some((e) => e.state === 'failing')).toBe(true);
    } finally {
      a.close();
      o.close();
      await feed.stop();
    }
  });

  it('follows redirects to http(s) a few times only, cuts huge answers and gives up on hung ones', async () => {
    const make = (name: string, path: string, extra: object = {}) =>
      create({ name, kind: 'http', url: `${base}${path}`, intervalSeconds: 1, mapping: simple, ...extra });
    const [redirect, ftp, loop, huge, hang] = await Promise.all([
      make('redirect', '/redirect'),
      make('ftp', '/redirect-ftp'),
      make('loop', '/loop'),
      make('huge', '/huge', { maxBytes: 100_000 }),
      make('hang', '/hang', { timeoutMs: 500 }),
    ]);
    const errorOf = async (id: string) => (await source(id)).lastError as string | null;
    await waitFor(async () => (await source(redirect.id)).accepted >= 1);
    expect((await admin.get('/api/v1/series/env.aqi/D2/latest')).body.value).toBe(7);
    await waitFor(async () => !!(await errorOf(ftp.id)));
    expect(await errorOf(ftp.id)).toMatch(
      /redirected to ftp:\/\/files\.example\.gov\.vn\/aqi\.json, which must be an http/,
    );
    await waitFor(async () => !!(await errorOf(loop.id)));
    expect(await errorOf(loop.id)).toMatch(/more than 3 redirects/);
    await waitFor(async () => !!(await errorOf(huge.id)));
    expect(await errorOf(huge.id)).toMatch(/over maxBytes \(100000 bytes\)/);
    await waitFor(async () => !!(await errorOf(hang.id)));
    expect(await errorOf(hang.id)).toMatch(/no answer within 0\.5 s/);
    for (const s of [redirect, ftp, loop, huge, hang]) await admin.delete(`/api/v1/sources/${s.id}`);
  });

  it('two workers: a slow poll is never run twice at once, and every answer is taken once', async () => {
    const src = await create({ name: 'slow', kind: 'http', url: `${base}/slow`, intervalSeconds: 1, mapping: simple });
    await waitFor(() => slowServed >= 4, { timeoutMs: 20_000, message: () => `slow served ${slowServed}` });
    await admin.patch(`/api/v1/sources/${src.id}`, { paused: true });
    await waitFor(() => slowInFlight === 0);
    expect(slowMaxInFlight).toBe(1);
    await waitFor(async () => (await source(src.id)).accepted === slowServed);
    await admin.delete(`/api/v1/sources/${src.id}`);
  });
});
