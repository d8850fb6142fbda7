import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import { api, createKey, seedCatalogue } from './support/api';
import { connected, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/** Collects `alert` events of a socket. */
function collectAlerts(socket: Socket): any[] {
  const seen: any[] = [];
  socket.on('alert', (a: any) => seen.push(a));
  return seen;
}

async function subscribed(svc: RunningService, key: string, req: object = {}, auth: object = {}): Promise<Socket> {
  const socket = connectLive(svc, key);
  if (Object.keys(auth).length) (socket as any).auth = { ...(socket as any).auth, ...auth };
  await connected(socket);
  const ack = await socket.emitWithAck('subscribe', req);
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return socket;
}

describe.each(['sqlite', 'postgres'] as const)('alerts end to end (%s)', (database) => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  const sockets: Socket[] = [];
  let ts = Date.now() - 60_000;
  const point = (indicator: string, scope: string, value: number) => ({ indicator, scope, ts: (ts += 10), value });
  const ingest = async (...points: object[]) => {
    const r = await admin.post('/api/v1/ingest', { points });
    expect(r.status).toBe(202);
    expect(r.body.rejected).toEqual([]);
  };
  const rule = async (body: object) => {
    const r = await admin.post('/api/v1/alert-rules', body);
    if (r.status !== 201) throw new Error(`rule: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const alertsOf = async (ruleId: string, extra = '') =>
    ((await admin.get(`/api/v1/alerts?limit=1000${extra}`)).body.alerts as any[]).filter((a) => a.ruleId === ruleId);

  beforeAll(async () => {
    svc = await startService({ database, env: { IOC_ALERT_SWEEP_SECONDS: '1', IOC_ALERT_REFIRE_SECONDS: '0' } });
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await svc?.cleanup();
  });

  it('refuses bad rules with a 400 naming the field, and rules outside a district key with 403', async () => {
    const bad: [object, RegExp][] = [
      [{ indicator: 'nope', condition: { op: '>', value: 1 }, severity: 'info' }, /^indicator: unknown/],
      [{ indicator: 'env.aqi', scope: 'ZZ', condition: { op: '>', value: 1 }, severity: 'info' }, /^scope: unknown/],
      [{ indicator: 'env.aqi', condition: { op: 'outside', low: 5, high: 1 }, severity: 'info' }, /^condition\.low/],
      [{ indicator: 'env.aqi', condition: { op: '>', value: 1 }, severity: 'info', forSeconds: -5 }, /^forSeconds/],
      [{ indicator: 'env.aqi', condition: { op: '~', value: 1 }, severity: 'info' }, /^condition\.op/],
      [{ indicator: 'env.aqi', condition: { op: '>', value: 1 }, severity: 'loud' }, /^severity/],
      [{ indicator: 'env.aqi', condition: { op: '>', value: 1, clear: 5 }, severity: 'info' }, /^condition\.clear/],
      [
        { indicator: 'env.aqi', condition: { op: '>', value: 1 }, severity: 'info', channels: [{ type: 'pigeon' }] },
        /^channels\[0\]\.type/,
      ],
      [
        {
          indicator: 'env.aqi',
          condition: { op: '>', value: 1 },
          severity: 'info',
          channels: [{ type: 'webhook', url: 'ftp://x' }],
        },
        /^channels\[0\]\.url/,
      ],
      [
        {
          indicator: 'env.aqi',
          condition: { op: '>', value: 1 },
          severity: 'info',
          channels: [{ type: 'email', to: 'x' }],
        },
        /^channels\[0\]\.to/,
      ],
    ];
    for (const [body, message] of bad) {
      const r = await admin.post('/api/v1/alert-rules', body);
      expect({ body, status: r.status, message: r.body.message }).toEqual({
        body,
        status: 400,
        message: expect.stringMatching(message),
      });
    }
    const district = api(svc, await createKey(svc, 'district', ['D1']));
    const outside = await district.post('/api/v1/alert-rules', {
      indicator: 'env.aqi',
      scope: 'D2',
      condition: { op: '>', value: 1 },
      severity: 'info',
    });
    expect(outside.status).toBe(403);
    const everywhere = await district.post('/api/v1/alert-rules', {
      indicator: 'env.aqi',
      condition: { op: '>', value: 1 },
      severity: 'info',
    });
    expect(everywhere.status).toBe(403);
    const viewer = api(svc, await createKey(svc, 'viewer'));
    expect(
      (
        await viewer.post('/api/v1/alert-rules', {
          indicator: 'env.aqi',
          condition: { op: '>', value: 1 },
          severity: 'info',
        })
      ).status,
    ).toBe(403);
  });

  it('fires once per breach, holds inside the hysteresis band, is acknowledged and resolves, over HTTP and sockets', async () => {
    const r = await rule({
      indicator: 'env.aqi',
      scope: 'D1',
      condition: { op: '>', value: 150, clear: 130 },
      severity: 'critical',
    });
    const operatorKey = await createKey(svc, 'operator');
    const wall = await subscribed(svc, await createKey(svc, 'viewer'));
    const d1 = await subscribed(svc, await createKey(svc, 'district', ['D1']), {}, { lang: 'en' });
    const d2 = await subscribed(svc, await createKey(svc, 'district', ['D2']));
    sockets.push(wall, d1, d2);
    const [wallAlerts, d1Alerts, d2Alerts] = [collectAlerts(wall), collectAlerts(d1), collectAlerts(d2)];

    await ingest(point('env.aqi', 'C1', 151), point('env.aqi', 'D2', 500));
    await waitFor(() => wallAlerts.length === 1);
    const fired = wallAlerts[0];
    expect(fired).toMatchObject({
      ruleId: r.id,
      indicator: 'env.aqi',
      scope: 'C1',
      severity: 'critical',
      state: 'firing',
      value: 151,
      threshold: 150,
      reason: 'AQI (Commune 1) = 151 AQI, vượt ngưỡng 150 AQI',
    });
    await waitFor(() => d1Alerts.length === 1);
    expect(d1Alerts[0].reason).toBe('AQI (Commune 1) = 151 AQI, above 150 AQI');

    // Still breaching, then inside the band: no new alert, no resolve.
    await ingest(point('env.aqi', 'C1', 170), point('env.aqi', 'C1', 140));
    expect(await alertsOf(r.id)).toHaveLength(1);

    const ack = await api(svc, operatorKey).post(`/api/v1/alerts/${fired.id}/ack`, { note: 'đã cử người' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: fired.id, state: 'acknowledged', note: 'đã cử người' });
    expect(ack.body.acknowledgedBy).toEqual(expect.any(String));
    await waitFor(() => wallAlerts.length === 2);
    expect(wallAlerts[1]).toMatchObject({
      id: fired.id,
      state: 'acknowledged',
      acknowledgedBy: ack.body.acknowledgedBy,
    });
    // Acknowledging again changes nothing.
    expect((await api(svc, operatorKey).post(`/api/v1/alerts/${fired.id}/ack`, {})).body.state).toBe('acknowledged');

    await ingest(point('env.aqi', 'C1', 130));
    await waitFor(() => wallAlerts.length === 3);
    expect(wallAlerts[2]).toMatchObject({
      id: fired.id,
      state: 'resolved',
      value: 130,
      resolvedAt: expect.any(Number),
    });
    expect((await admin.post(`/api/v1/alerts/${fired.id}/ack`, {})).status).toBe(409);

    // A new breach is a new alert.
    await ingest(point('env.aqi', 'C1', 200));
    await waitFor(() => wallAlerts.length === 4);
    expect(wallAlerts[3].id).not.toBe(fired.id);
    expect((await alertsOf(r.id, '&state=firing')).map((a) => a.id)).toEqual([wallAlerts[3].id]);
    // The district key of D2 heard nothing of D1's alerts, and cannot read or acknowledge them.
    expect(d2Alerts).toEqual([]);
    const d2Api = api(svc, await createKey(svc, 'district', ['D2']));
    expect((await d2Api.get(`/api/v1/alerts/${fired.id}`)).status).toBe(403);
    expect((await d2Api.post(`/api/v1/alerts/${fired.id}/ack`, {})).status).toBe(403);
    expect((await d2Api.get('/api/v1/alerts?scope=D1')).status).toBe(403);
    expect((await d2Api.get('/api/v1/alerts')).body.alerts.filter((a: any) => a.ruleId === r.id)).toEqual([]);
    // A viewer reads alerts but does not acknowledge.
    const viewer = api(svc, await createKey(svc, 'viewer'));
    expect((await viewer.post(`/api/v1/alerts/${wallAlerts[3].id}/ack`, {})).status).toBe(403);
  });

  it('PATCH changes a rule: a disabled rule fires nothing, a changed severity is what the next alert has', async () => {
    const r = await rule({
      indicator: 'finance.revenue',
      scope: 'C1',
      condition: { op: '<', value: 0 },
      severity: 'info',
    });
    expect((await admin.post(`/api/v1/alert-rules/${r.id}`, {})).status).toBe(404);
    const off = await api(svc, svc.adminKey).patch(`/api/v1/alert-rules/${r.id}`, {
      enabled: false,
      severity: 'critical',
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: r.id, enabled: false, severity: 'critical' });
    expect((await api(svc, svc.adminKey).patch(`/api/v1/alert-rules/${r.id}`, { indicator: 'env.aqi' })).status).toBe(
      400,
    );
    expect((await api(svc, svc.adminKey).patch(`/api/v1/alert-rules/${r.id}`, { forSeconds: -1 })).status).toBe(400);
    // Disabled: this breach fires nothing (had it fired, the alert below would carry -5: the later +5
    // is not evaluated either, so it would not have resolved it).
    const latestIs = async (v: number) =>
      waitFor(async () => (await admin.get('/api/v1/series/finance.revenue/C1/latest')).body?.value === v);
    await ingest(point('finance.revenue', 'C1', -5));
    await latestIs(-5);
    await ingest(point('finance.revenue', 'C1', 5));
    await latestIs(5);
    await api(svc, svc.adminKey).patch(`/api/v1/alert-rules/${r.id}`, { enabled: true });
    await ingest(point('finance.revenue', 'C1', -6));
    await waitFor(async () => (await alertsOf(r.id)).length === 1);
    expect((await alertsOf(r.id)).map((a) => [a.value, a.severity])).toEqual([[-6, 'critical']]);
    await admin.delete(`/api/v1/alert-rules/${r.id}`);
  });

  it('a late point (older than the latest) does not change the state', async () => {
    const r = await rule({
      indicator: 'finance.spend',
      scope: 'D2',
      condition: { op: '<', value: 10 },
      severity: 'warning',
    });
    const now = Date.now();
    await admin.post('/api/v1/ingest', { points: [{ indicator: 'finance.spend', scope: 'D2', ts: now, value: 50 }] });
    await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'finance.spend', scope: 'D2', ts: now - 5000, value: 1 }],
    });
    await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'finance.spend', scope: 'D2', ts: now + 1, value: 2 }],
    });
    await waitFor(async () => (await alertsOf(r.id)).length === 1);
    expect((await alertsOf(r.id))[0].value).toBe(2);
  });

  it('forSeconds: a breach fires only when it lasted that long (the sweep fires it)', async () => {
    const r = await rule({
      indicator: 'finance.revenue',
      scope: 'D2',
      condition: { op: '>', value: 100 },
      severity: 'info',
      forSeconds: 2,
    });
    const wall = await subscribed(svc, await createKey(svc, 'viewer'), { indicators: ['finance.revenue'] });
    sockets.push(wall);
    const seen = collectAlerts(wall);
    const from = Date.now();
    await ingest(point('finance.revenue', 'D2', 120));
    await waitFor(() => seen.length === 1, { timeoutMs: 8000 });
    expect(Date.now() - from).toBeGreaterThanOrEqual(2000);
    expect(seen[0]).toMatchObject({ ruleId: r.id, state: 'firing' });
    // A breach that ends before its time never fires.
    await ingest(point('finance.revenue', 'D1', 120), point('finance.revenue', 'D1', 1));
    expect((await alertsOf(r.id)).map((a) => a.scope)).toEqual(['D2']);
  });

  it('change_pct and below_target_pct', async () => {
    await admin.put('/api/v1/indicators/finance.spend', {
      code: 'finance.spend',
      domain: 'finance',
      name: 'Chi ngân sách',
      unit: 'tỷ đồng',
      target: 1000,
    });
    const change = await rule({
      indicator: 'finance.spend',
      scope: 'C1',
      condition: { op: 'change_pct', value: 50, direction: 'up' },
      severity: 'info',
    });
    const target = await rule({
      indicator: 'finance.spend',
      scope: 'D1',
      condition: { op: 'below_target_pct', value: 80 },
      severity: 'warning',
    });
    await waitFor(async () => (await admin.get('/api/v1/indicators/finance.spend')).body.target === 1000);
    await ingest(point('finance.spend', 'C1', 900));
    await ingest(point('finance.spend', 'C1', 1400));
    await waitFor(async () => (await alertsOf(change.id)).length === 1);
    const c = (await alertsOf(change.id))[0];
    expect(c).toMatchObject({ value: 1400, threshold: 900, state: 'firing' });
    expect(c.reason).toMatch(/tăng 55,56 % so với giá trị trước/);
    await ingest(point('finance.spend', 'D1', 700));
    await waitFor(async () => (await alertsOf(target.id)).length === 1);
    const t = (await admin.get(`/api/v1/alerts/${(await alertsOf(target.id))[0].id}`)).body;
    expect(t).toMatchObject({ threshold: 800, value: 700, deliveries: [] });
    expect(t.reason).toBe('Chi ngân sách (District 1) = 700 tỷ đồng, dưới 80 % kế hoạch (800 tỷ đồng)');
  });

  it('stale: a series without a new point for longer than the rule says fires, a new point resolves', async () => {
    const r = await rule({
      indicator: 'env.aqi',
      scope: 'D2',
      condition: { op: 'stale', seconds: 1 },
      severity: 'warning',
    });
    await ingest({ indicator: 'env.aqi', scope: 'D2', ts: Date.now(), value: 10 });
    await waitFor(async () => (await alertsOf(r.id, '&state=firing')).length === 1, { timeoutMs: 8000 });
    expect((await alertsOf(r.id))[0].threshold).toBe(1);
    await ingest({ indicator: 'env.aqi', scope: 'D2', ts: Date.now() + 1000, value: 11 });
    await waitFor(async () => (await alertsOf(r.id, '&state=resolved')).length === 1, { timeoutMs: 8000 });
    await admin.delete(`/api/v1/alert-rules/${r.id}`);
  });

  it('silences: the state still changes and is listed as silenced, no socket hears of it', async () => {
    const r = await rule({
      indicator: 'finance.revenue',
      scope: 'C1',
      condition: { op: '>', value: 10 },
      severity: 'info',
    });
    const s = await admin.post('/api/v1/silences', { ruleId: r.id, endsAt: Date.now() + 60_000, comment: 'bảo trì' });
    expect(s.status).toBe(201);
    expect((await admin.post('/api/v1/silences', { endsAt: 'tomorrow', comment: 'x' })).status).toBe(400);
    // A district key silences inside its scopes only; a viewer cannot silence at all.
    const district = api(svc, await createKey(svc, 'district', ['D1']));
    const outside = await district.post('/api/v1/silences', { scope: 'D2', endsAt: Date.now() + 60_000, comment: 'x' });
    expect(outside.status).toBe(403);
    expect(outside.body.message).toMatch(/D2/);
    const inside = await district.post('/api/v1/silences', { scope: 'C1', endsAt: Date.now() + 60_000, comment: 'x' });
    expect(inside.status).toBe(201);
    expect((await district.delete(`/api/v1/silences/${inside.body.id}`)).status).toBe(204);
    const viewer = api(svc, await createKey(svc, 'viewer'));
    expect((await viewer.post('/api/v1/silences', { endsAt: Date.now() + 60_000, comment: 'x' })).status).toBe(403);
    const wall = await subscribed(svc, await createKey(svc, 'viewer'), {
      scopes: ['C1'],
      indicators: ['finance.revenue'],
    });
    sockets.push(wall);
    const seen = collectAlerts(wall);
    await ingest(point('finance.revenue', 'C1', 11));
    await waitFor(async () => (await alertsOf(r.id)).length === 1);
    expect((await alertsOf(r.id))[0]).toMatchObject({ state: 'firing', silenced: true });
    // A value after it reaches the socket: the alert event would have come before it.
    const values: any[] = [];
    wall.on('values', (ev: any) => values.push(...ev.points));
    await ingest(point('finance.revenue', 'C1', 12));
    await waitFor(() => values.length > 0);
    expect(seen).toEqual([]);
    expect((await admin.delete(`/api/v1/silences/${s.body.id}`)).status).toBe(204);
    expect((await admin.get('/api/v1/silences')).body.find((x: any) => x.id === s.body.id)).toBeUndefined();
  });

  it('channels: a signed webhook per transition, a templated http call, renotify and escalation once each; the ledger shows every try', async () => {
    const got: { path: string; headers: any; body: string }[] = [];
    let failFirst = 1;
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ path: req.url!, headers: req.headers, body });
        // The escalation receiver fails its first try: the retry comes within 5 s.
        if (req.url === '/escalate' && failFirst-- > 0) res.writeHead(500).end();
        else res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await rule({
        indicator: 'env.aqi',
        scope: 'C1',
        condition: { op: '>', value: 300 },
        severity: 'critical',
        renotifySeconds: 10,
        channels: [
          { type: 'webhook', url: `${base}/hook`, secret: 's3cret' },
          {
            type: 'http',
            method: 'POST',
            url: `${base}/chat`,
            headers: { 'content-type': 'application/json' },
            body: '{"text":"{{severity}}: {{reason}}"}',
          },
        ],
        escalate: { afterSeconds: 1, channels: [{ type: 'webhook', url: `${base}/escalate` }] },
      });
      await ingest(point('env.aqi', 'C1', 301.5));
      await waitFor(() => got.filter((g) => g.path === '/hook').length === 1);
      const hook = got.find((g) => g.path === '/hook')!;
      const alert = JSON.parse(hook.body);
      expect(alert).toMatchObject({ ruleId: r.id, state: 'firing', value: 301.5, threshold: 300 });
      expect(hook.headers['x-ioc-signature']).toBe(
        `sha256=${createHmac('sha256', 's3cret').update(hook.body).digest('hex')}`,
      );
      expect(hook.headers['x-ioc-delivery']).toEqual(expect.any(String));
      await waitFor(() => got.some((g) => g.path === '/chat'));
      expect(JSON.parse(got.find((g) => g.path === '/chat')!.body)).toEqual({
        text: 'critical: AQI (Commune 1) = 301,5 AQI, vượt ngưỡng 300 AQI',
      });
      // Escalation after 1 s (unacknowledged): its first try fails, the retry succeeds.
      await waitFor(() => got.filter((g) => g.path === '/escalate').length === 2, { timeoutMs: 15_000 });
      const [e1, e2] = got.filter((g) => g.path === '/escalate');
      expect(e2.headers['x-ioc-delivery']).toBe(e1.headers['x-ioc-delivery']);
      // A renotification after 10 s.
      await waitFor(() => got.filter((g) => g.path === '/hook').length === 2, { timeoutMs: 20_000 });
      const detail = (await admin.get(`/api/v1/alerts/${alert.id}`)).body;
      const tries = detail.deliveries.map((d: any) => `${d.purpose} ${d.channel} ${d.to} #${d.try} ${d.status}`);
      expect(tries).toEqual(
        expect.arrayContaining([
          `transition webhook ${base}/hook #1 sent`,
          `transition http ${base}/chat #1 sent`,
          `escalation webhook ${base}/escalate #1 retrying`,
          `escalation webhook ${base}/escalate #2 sent`,
          `renotify webhook ${base}/hook #1 sent`,
        ]),
      );
      // Acknowledged: channels hear of it, and reminders stop.
      await admin.post(`/api/v1/alerts/${alert.id}/ack`, { note: 'ok' });
      await waitFor(() => got.some((g) => g.path === '/hook' && JSON.parse(g.body).state === 'acknowledged'));
      await admin.delete(`/api/v1/alert-rules/${r.id}`);
    } finally {
      server.close();
    }
  }, 60_000);

  it('lists newest first with limit and before, and filters', async () => {
    const r = await rule({
      indicator: 'finance.spend',
      scope: 'P',
      condition: { op: '>', value: 0 },
      severity: 'critical',
    });
    for (let i = 0; i < 3; i++) {
      await ingest(point('finance.spend', 'P', 5));
      await waitFor(async () => (await alertsOf(r.id, '&state=firing')).length === 1);
      await ingest(point('finance.spend', 'P', -1));
      await waitFor(async () => (await alertsOf(r.id, '&state=firing')).length === 0);
    }
    const all = await alertsOf(r.id);
    expect(all).toHaveLength(3);
    const page1 = (await admin.get('/api/v1/alerts?indicator=finance.spend&scope=P&severity=critical&limit=2')).body
      .alerts;
    expect(page1.map((a: any) => a.id)).toEqual(all.slice(0, 2).map((a) => a.id));
    const page2 = (
      await admin.get(`/api/v1/alerts?indicator=finance.spend&scope=P&severity=critical&limit=2&before=${page1[1].id}`)
    ).body.alerts;
    expect(page2.map((a: any) => a.id)).toEqual([all[2].id]);
    expect((await admin.get('/api/v1/alerts?state=loud')).status).toBe(400);
    expect((await admin.get('/api/v1/alerts?limit=5000')).status).toBe(400);
    const unknown = await admin.get('/api/v1/alerts?before=no-such-alert');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/before/);
    // Deleting the rule resolves what it left open.
    await ingest(point('finance.spend', 'P', 5));
    await waitFor(async () => (await alertsOf(r.id, '&state=firing')).length === 1);
    expect((await admin.delete(`/api/v1/alert-rules/${r.id}`)).status).toBe(204);
    expect(await alertsOf(r.id, '&state=firing')).toEqual([]);
  });
});
