import { io, type Socket } from 'socket.io-client';
import { api, createKey, seedCatalogue, ingestAll } from './support/api';
import { collectValues, connected, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/** Stops reading the socket's TCP connection (the server's writes pile up); returns the resume. */
function pauseReading(s: Socket): () => void {
  const tcp = (s.io.engine.transport as any).ws._socket as { pause(): void; resume(): void };
  tcp.pause();
  return () => tcp.resume();
}

/** Per series, the points' ts never goes back. */
function inOrderPerSeries(points: { indicator: string; scope: string; ts: number }[]): boolean {
  const last = new Map<string, number>();
  for (const p of points) {
    const id = `${p.indicator}|${p.scope}`;
    if (p.ts < (last.get(id) ?? -Infinity)) return false;
    last.set(id, p.ts);
  }
  return true;
}

describe('live fan-out: rooms per subscription shape, slow sockets, heartbeats, active alerts in acks', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  const open: Socket[] = [];
  const live = async (key: string, lang?: string) => {
    const s = lang
      ? io(`${svc.baseUrl}/live`, {
          auth: { token: key, lang },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        })
      : connectLive(svc, key);
    open.push(s);
    await connected(s);
    return s;
  };
  const ingest = (points: object[]) => ingestAll(admin, points);

  beforeAll(async () => {
    svc = await startService({ env: { IOC_LIVE_HEARTBEAT_SECONDS: '1', IOC_ALERT_SWEEP_SECONDS: '1' } });
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await svc?.cleanup();
  });

  it('sockets of the same and of different shapes each get exactly their points, once, in order', async () => {
    const key = await createKey(svc, 'viewer');
    const district = await createKey(svc, 'district', ['D1']);
    const shapes = [
      { key, sub: { domains: ['finance'] }, wants: (p: any) => p.indicator.startsWith('finance.') },
      { key, sub: { scopes: ['D2'] }, wants: (p: any) => p.scope === 'D2' },
      { key: district, sub: {}, wants: (p: any) => p.scope === 'D1' || p.scope === 'C1' },
      {
        key,
        sub: { indicators: ['env.aqi'], scopes: ['D1'] },
        wants: (p: any) => p.indicator === 'env.aqi' && p.scope !== 'D2' && p.scope !== 'P',
      },
    ];
    const sockets = [];
    for (const shape of shapes) {
      for (let i = 0; i < 5; i++) {
        const s = await live(shape.key);
        const seen = collectValues(s);
        const ack = await s.emitWithAck('subscribe', shape.sub);
        expect(ack.ok).toBe(true);
        sockets.push({ shape, seen });
      }
    }
    const T = Date.now();
    const sent: any[] = [];
    const codes = ['finance.revenue', 'finance.spend', 'env.aqi'];
    const scopes = ['P', 'D1', 'D2', 'C1'];
    for (let b = 0; b < 20; b++) {
      const batch = [];
      for (const indicator of codes) for (const scope of scopes) batch.push({ indicator, scope, ts: T + b, value: b });
      sent.push(...batch);
      await ingest(batch);
      // Stored before the next is sent: concurrent jobs may be written in either order, and a point
      // older than one already pushed for its series is stored but not sent live (a late point).
      await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/C1/latest')).body?.ts === T + b);
    }
    for (const { shape, seen } of sockets) {
      const expected = sent.filter(shape.wants);
      await waitFor(() => seen.points.length >= expected.length);
      expect(seen.points.every(shape.wants)).toBe(true);
      expect(seen.points).toHaveLength(expected.length);
      expect(new Set(seen.points.map((p: any) => `${p.indicator}|${p.scope}|${p.ts}`)).size).toBe(expected.length);
      expect(inOrderPerSeries(seen.points)).toBe(true);
    }
    // The gateway's figures: the 20 sockets, their 4 shapes (rooms), the points written through rooms.
    const metrics = await fetch(`${svc.baseUrl}/metrics`, { headers: { authorization: `Bearer ${svc.adminKey}` } });
    const text = await metrics.text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('ioc_live_sockets')).toBeGreaterThanOrEqual(20);
    expect(value('ioc_live_subscriptions')).toBeGreaterThanOrEqual(20);
    expect(value('ioc_live_rooms')).toBeGreaterThanOrEqual(4);
    const delivered = sockets.reduce((n, { seen }) => n + seen.points.length, 0);
    expect(value('ioc_live_points_sent_total')).toBeGreaterThanOrEqual(delivered);
  });

  it('a socket that stops reading is conflated (newest value per series, never an older one after it) without holding back the others, and rejoins when it reads again', async () => {
    // Long codes make big packets from few points, so that the slow socket's buffers fill up quickly.
    const long = Array.from({ length: 10 }, (_, i) => `slow.${'x'.repeat(56)}${i}`);
    const scope = `S${'y'.repeat(31)}`;
    await admin.post('/api/v1/domains', { code: 'slow', name: 'Slow' });
    await admin.post('/api/v1/scopes', { code: scope, name: 'Big scope' });
    for (const code of long) await admin.post('/api/v1/indicators', { code, domain: 'slow', name: code, unit: 'x' });
    const slow = await live(svc.adminKey);
    const fast = await live(svc.adminKey);
    const slowSeen = collectValues(slow);
    const fastSeen = collectValues(fast);
    expect((await slow.emitWithAck('subscribe', { domains: ['slow'] })).ok).toBe(true);
    expect((await fast.emitWithAck('subscribe', { domains: ['slow'] })).ok).toBe(true);
    const resume = pauseReading(slow);

    const T = Date.now();
    const BATCHES = 40;
    const PER_BATCH = 5000;
    for (let b = 0; b < BATCHES; b++) {
      const points = Array.from({ length: PER_BATCH }, (_, j) => ({
        indicator: long[j % 10],
        scope,
        ts: T + b * PER_BATCH + j,
        value: b * PER_BATCH + j,
      }));
      await ingest(points);
      // Stored before the next (jobs written out of order would make older points late: not sent live).
      const last = points[PER_BATCH - 1];
      await waitFor(
        async () => (await admin.get(`/api/v1/series/${last.indicator}/${scope}/latest`)).body?.ts === last.ts,
      );
    }
    const total = BATCHES * PER_BATCH;
    // The reading socket gets every point while the other one is stuck.
    await waitFor(() => fastSeen.points.length >= total, { timeoutMs: 60_000 });
    expect(fastSeen.points).toHaveLength(total);
    expect(inOrderPerSeries(fastSeen.points)).toBe(true);

    resume();
    const lastValue = total - 1;
    await waitFor(() => slowSeen.points.some((p: any) => p.value === lastValue), { timeoutMs: 60_000 });
    // Conflated: fewer points than were sent, the newest of every series among them, never one going back.
    expect(slowSeen.points.length).toBeLessThan(total);
    expect(inOrderPerSeries(slowSeen.points)).toBe(true);
    for (let i = 0; i < 10; i++) {
      const newest = total - 10 + i;
      expect(slowSeen.points.some((p: any) => p.indicator === long[newest % 10] && p.value === newest)).toBe(true);
    }
    // Back in its room: a new point reaches it like any other.
    await ingest([{ indicator: long[0], scope, ts: T + total + 1, value: -1 }]);
    await waitFor(
      () => slowSeen.points.some((p: any) => p.value === -1) && fastSeen.points.some((p: any) => p.value === -1),
    );
    expect(slowSeen.points.filter((p: any) => p.value === -1)).toHaveLength(1);
  });

  it('an idle subscribed socket gets heartbeats {cursor, at}; resuming from a heartbeat cursor is not a resync', async () => {
    const s = await live(svc.adminKey);
    const beats: any[] = [];
    s.on('heartbeat', (b) => beats.push(b));
    const ack = await s.emitWithAck('subscribe', { indicators: ['finance.spend'], scopes: ['D2'] });
    expect(ack.ok).toBe(true);
    await waitFor(() => beats.length >= 2);
    for (const b of beats) {
      expect(typeof b.cursor).toBe('string');
      expect(Math.abs(b.at - Date.now())).toBeLessThan(60_000);
    }
    const cursor = beats[beats.length - 1].cursor;
    s.close();

    // Not subscribed: no heartbeat.
    const idle = await live(svc.adminKey);
    let idleBeats = 0;
    idle.on('heartbeat', () => idleBeats++);

    const s2 = await live(svc.adminKey);
    const seen = collectValues(s2);
    const again = await s2.emitWithAck('subscribe', { indicators: ['finance.spend'], scopes: ['D2'], cursor });
    expect(again.ok).toBe(true);
    expect(again.resync).toBeUndefined();
    await ingest([{ indicator: 'finance.spend', scope: 'D2', ts: Date.now(), value: 77 }]);
    await waitFor(() => seen.points.some((p: any) => p.value === 77));
    const beatsOfS2: any[] = [];
    s2.on('heartbeat', (b) => beatsOfS2.push(b));
    await waitFor(() => beatsOfS2.length >= 1);
    expect(idleBeats).toBe(0);
  });

  it('every subscribe ack lists the firing and acknowledged alerts the subscription matches and the key may see, in its language', async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      indicator: 'env.aqi',
      condition: { op: '>', value: 150 },
      severity: 'warning',
    });
    expect(rule.status).toBe(201);
    await ingest([
      { indicator: 'env.aqi', scope: 'D2', ts: Date.now(), value: 200 },
      { indicator: 'env.aqi', scope: 'C1', ts: Date.now(), value: 210 },
    ]);
    await waitFor(async () => (await admin.get('/api/v1/alerts?state=firing')).body.alerts.length === 2);
    const firing = (await admin.get('/api/v1/alerts?state=firing')).body.alerts;
    const inD2 = firing.find((a: any) => a.scope === 'D2');
    expect((await admin.post(`/api/v1/alerts/${inD2.id}/ack`, { note: 'seen' })).status).toBe(200);

    const all = await live(svc.adminKey, 'en');
    const ack = await all.emitWithAck('subscribe', { domains: ['env'] });
    expect(ack.ok).toBe(true);
    expect(ack.alerts.map((a: any) => [a.scope, a.state]).sort()).toEqual([
      ['C1', 'firing'],
      ['D2', 'acknowledged'],
    ]);
    expect(ack.alerts[0].reason).toMatch(/[a-z]/);
    expect(ack.alerts.every((a: any) => typeof a.reason === 'string' && a.ruleId === rule.body.id)).toBe(true);

    // A district key sees its own scopes only; a subscription on another indicator sees none.
    const district = await live(await createKey(svc, 'district', ['D1']));
    const own = await district.emitWithAck('subscribe', {});
    expect(own.alerts.map((a: any) => a.scope)).toEqual(['C1']);
    const other = await all.emitWithAck('subscribe', { indicators: ['finance.spend'] });
    expect(other.alerts).toEqual([]);

    // Resolved alerts are no longer listed.
    await ingest([
      { indicator: 'env.aqi', scope: 'D2', ts: Date.now(), value: 20 },
      { indicator: 'env.aqi', scope: 'C1', ts: Date.now(), value: 20 },
    ]);
    await waitFor(async () => (await admin.get('/api/v1/alerts?state=resolved')).body.alerts.length === 2);
    await waitFor(async () => (await all.emitWithAck('subscribe', { domains: ['env'] })).alerts.length === 0);
  });
});
