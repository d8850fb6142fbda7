import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { api, createKey, seedCatalogue } from './support/api';
import { collectValues, connected, connectError, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/** Stops reading the socket's TCP connection: the server's writes back up as with a stalled screen. */
function pauseReading(s: Socket): () => void {
  const tcp = (s.io.engine.transport as any).ws._socket as { pause(): void; resume(): void };
  tcp.pause();
  return () => tcp.resume();
}

function disconnected(s: Socket): Promise<string> {
  return new Promise((done) => (s.disconnected && !s.active ? done('already') : s.once('disconnect', done)));
}

describe('live limits: no client can hurt the others', () => {
  let svc: RunningService;
  const open: Socket[] = [];
  const live = (key: string) => {
    const s = connectLive(svc, key);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    svc = await startService({
      env: {
        IOC_LIVE_MAX_SOCKETS_PER_KEY: '5',
        IOC_LIVE_MAX_SOCKETS_PER_ADDRESS: '8',
        IOC_LIVE_MAX_REPLAYS_PER_KEY: '2',
        IOC_LIVE_HANDSHAKES_PER_SECOND: '40',
      },
    });
    await seedCatalogue(svc);
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(() => svc?.cleanup());

  it('a socket sending more than 100 events in 10 s is told "rate limited", then disconnected when it goes on', async () => {
    const s = live(await createKey(svc, 'viewer'));
    await connected(s);
    const acks: any[] = [];
    const gone = disconnected(s);
    // The first 100 events are served (their answers awaited), the next ones refused, then the socket dropped.
    await Promise.all(
      Array.from({ length: 100 }, () =>
        s.emitWithAck('subscribe', { indicators: ['env.aqi'] }).then((a) => acks.push(a)),
      ),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(100);
    for (let i = 0; i < 200; i++) s.emit('subscribe', { indicators: ['env.aqi'] }, (a: any) => acks.push(a));
    expect(await gone).toBe('io server disconnect');
    const ok = acks.filter((a) => a.ok).length;
    expect(ok).toBeLessThanOrEqual(100);
    expect(acks.filter((a) => a.error === 'rate limited').length).toBeGreaterThan(0);
    expect(acks.length).toBeLessThan(300);
    // The service and the key's other sockets are unaffected.
    expect((await api(svc).get('/health')).status).toBe(200);
  });

  it('sockets per key are capped; closing one frees a place', async () => {
    const key = await createKey(svc, 'viewer');
    const five = Array.from({ length: 5 }, () => live(key));
    await Promise.all(five.map(connected));
    expect((await connectError(live(key))).message).toBe('too many connections for this key');
    five[0].close();
    let again: Socket | undefined;
    await waitFor(async () => {
      again?.close();
      again = live(key);
      return connected(again).then(
        () => true,
        () => false,
      );
    });
  });

  it('sockets per address are capped', async () => {
    const keys = [await createKey(svc, 'viewer'), await createKey(svc, 'viewer')];
    const eight = Array.from({ length: 8 }, (_, i) => live(keys[i % 2]));
    await Promise.all(eight.map(connected));
    expect((await connectError(live(await createKey(svc, 'viewer')))).message).toBe(
      'too many connections from this address',
    );
  });

  it('identical subscriptions at once share one snapshot read; different ones each read', async () => {
    const redis = new Redis(svc.redisUrl);
    const mgets = async () => {
      const stats = (await redis.info('commandstats')) as string;
      return Number(/cmdstat_mget:calls=(\d+)/.exec(stats)?.[1] ?? 0);
    };
    try {
      const key = await createKey(svc, 'viewer');
      const sockets = Array.from({ length: 5 }, () => live(key));
      await Promise.all(sockets.map(connected));
      const before = await mgets();
      const same = await Promise.all(
        sockets.flatMap((s) => [0, 1, 2, 3].map(() => s.emitWithAck('subscribe', { domains: ['env'] }))),
      );
      expect(same.every((a) => a.ok)).toBe(true);
      const shared = (await mgets()) - before;
      const filters = [['D1'], ['D2'], ['C1'], ['P'], ['D1', 'D2']];
      const middle = await mgets();
      const different = await Promise.all(sockets.map((s, i) => s.emitWithAck('subscribe', { scopes: filters[i] })));
      expect(different.every((a) => a.ok)).toBe(true);
      // 20 identical subscribes read the store at most twice (once, or again if the cache aged meanwhile)...
      expect(shared).toBeLessThanOrEqual(2);
      // ...while 5 different ones read it 5 times (the count would show unshared reads).
      expect((await mgets()) - middle).toBeGreaterThanOrEqual(5);
    } finally {
      redis.disconnect();
    }
  });

  it('a subscribe payload nested 10,000 deep gets ok:false naming the limit, and no stack trace', async () => {
    const s = live(svc.adminKey);
    await connected(s);
    // Written as a raw Socket.IO packet: the client library itself cannot encode that depth.
    const engine = s.io.engine;
    const answer = new Promise<any>((done) =>
      engine.on('message', (data: unknown) => {
        const m = /^3\/live,4242(.*)$/s.exec(String(data));
        if (m) done(JSON.parse(m[1])[0]);
      }),
    );
    const before = svc.output().length;
    engine.write(`2/live,4242["subscribe",{"scopes":${'['.repeat(10_000)}"D1"${']'.repeat(10_000)}}]`);
    expect(await answer).toEqual({
      ok: false,
      error: 'subscribe payload is nested deeper than 32 levels (IOC_MAX_JSON_DEPTH)',
    });
    expect((await s.emitWithAck('subscribe', { scopes: ['D1'] })).ok).toBe(true);
    expect(svc.output().slice(before)).not.toMatch(/\n\s+at /);
  });

  // Last of its suite: it leaves this address without new connections for a moment.
  it('a storm of new connections from one address is refused at the handshake, before any socket exists', async () => {
    const key = await createKey(svc, 'viewer');
    const storm = Array.from({ length: 120 }, () => live(key));
    const outcomes = await Promise.all(
      storm.map((s) =>
        connected(s).then(
          () => 'connected',
          (e: Error & { description?: unknown }) => e.message,
        ),
      ),
    );
    const refusedAtHandshake = outcomes.filter((o) => o !== 'connected' && !/too many connections/.test(o));
    // About a second's worth (40) of handshakes passes (then the socket caps apply); the rest never got a socket.
    expect(refusedAtHandshake.length).toBeGreaterThanOrEqual(120 - 40 - 10);
    expect(outcomes.filter((o) => o === 'connected').length).toBeLessThanOrEqual(8);
    expect((await api(svc).get('/health')).status).toBe(200);
  });
});

describe('live limits: revoked keys', () => {
  let gatewayA: RunningService;
  let gatewayB: RunningService;
  beforeAll(async () => {
    gatewayA = await startService({ app: 'gateway' });
    gatewayB = await startService({ app: 'gateway', share: gatewayA });
    await seedCatalogue(gatewayA);
  });
  afterAll(async () => {
    await gatewayB?.cleanup();
    await gatewayA?.cleanup();
  });

  it('revoking a key closes its open sockets on every gateway process, and new ones are refused', async () => {
    const admin = api(gatewayA, gatewayA.adminKey);
    const created = await admin.post('/api/v1/api-keys', { name: 'district 1', role: 'district', scopes: ['D1'] });
    const key = created.body.key as string;
    const other = await createKey(gatewayA, 'viewer');
    const onA = connectLive(gatewayA, key);
    const onB = connectLive(gatewayB, key);
    const bystander = connectLive(gatewayB, other);
    await Promise.all([onA, onB, bystander].map(connected));
    for (const s of [onA, onB, bystander]) expect((await s.emitWithAck('subscribe', {})).ok).toBe(true);
    const closed = Promise.all([disconnected(onA), disconnected(onB)]);
    expect((await admin.delete(`/api/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bystander.connected).toBe(true);
    const again = connectLive(gatewayB, key);
    expect((await connectError(again)).message).toBe('unauthorized');
    for (const s of [onA, onB, bystander, again]) s.close();
  });
});

describe('live limits: resumes are bounded', () => {
  let svc: RunningService;
  let redis: Redis;
  // Long codes make a big stream from few points: every point carries them.
  const indicators = Array.from({ length: 10 }, (_, i) => `bulk.${'x'.repeat(56)}${i}`);
  const scope = `S${'y'.repeat(31)}`;
  const T0 = Date.now() - 3600_000;
  const TOTAL = 200_000;

  beforeAll(async () => {
    // The byte budget of resume reads is not what this suite is about: raised so that it runs quickly.
    svc = await startService({
      env: { IOC_LIVE_MAX_REPLAYS_PER_KEY: '2', IOC_LIVE_REPLAY_BYTES_PER_SECOND: String(256 * 1024 * 1024) },
    });
    redis = new Redis(svc.redisUrl);
    const admin = api(svc, svc.adminKey);
    await admin.post('/api/v1/domains', { code: 'bulk', name: 'Bulk' });
    await admin.post('/api/v1/scopes', { code: scope, name: 'Big scope' });
    for (const code of indicators)
      await admin.post('/api/v1/indicators', { code, domain: 'bulk', name: code, unit: 'x' });
    for (let b = 0; b < TOTAL / 10_000; b++) {
      const points = Array.from({ length: 10_000 }, (_, j) => {
        const i = b * 10_000 + j;
        return { indicator: indicators[i % 10], scope, ts: T0 + Math.floor(i / 10), value: i };
      });
      const r = await admin.post('/api/v1/ingest', { points });
      expect(r.body.accepted).toBe(10_000);
    }
    const last = `/api/v1/series/${indicators[9]}/${scope}/latest`;
    await waitFor(async () => (await admin.get(last)).body?.value === TOTAL - 1, { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    redis?.disconnect();
    await svc?.cleanup();
  });

  it('a key runs at most its cap of resumes; stalled ones are paced by their sockets (small Redis buffers), then finish with every point once, in order', async () => {
    const key = await createKey(svc, 'viewer');
    const stalled = [connectLive(svc, key), connectLive(svc, key)];
    await Promise.all(stalled.map(connected));
    const seen = stalled.map(collectValues);
    const resumes = stalled.map((s) => {
      const acked = s.emitWithAck('subscribe', { cursor: '0-0' });
      return { acked, resume: pauseReading(s) };
    });

    // Redis's output buffers while the stalled resumes wait: one byte-sized read at a time.
    let maxOutputBuffer = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const list = (await redis.client('LIST')) as string;
        for (const line of list.split('\n')) {
          const omem = /\bomem=(\d+)/.exec(line);
          if (omem) maxOutputBuffer = Math.max(maxOutputBuffer, Number(omem[1]));
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const third = connectLive(svc, key);
    await connected(third);
    await waitFor(async () => {
      const ack = await third.emitWithAck('subscribe', { cursor: '0-0' });
      return ack.ok === false && /too many resumes/.test(ack.error);
    });
    // Another key is not held back by this one's resumes.
    const otherKey = connectLive(svc, svc.adminKey);
    await connected(otherKey);
    const otherSeen = collectValues(otherKey);
    expect((await otherKey.emitWithAck('subscribe', { cursor: '0-0', indicators: [indicators[0]] })).ok).toBe(true);
    await waitFor(() => otherSeen.points.length === TOTAL / 10, { timeoutMs: 30_000 });

    for (const r of resumes) r.resume();
    for (const r of resumes) expect((await r.acked).ok).toBe(true);
    await waitFor(() => seen.every((s) => s.points.length >= TOTAL), { timeoutMs: 60_000 });
    sampling = false;
    await sampler;
    for (const s of seen) {
      expect(s.points).toHaveLength(TOTAL);
      const values = new Set(s.points.map((p) => p.value));
      expect(values.size).toBe(TOTAL);
      let outOfOrder = 0;
      const last = new Map<string, number>();
      for (const p of s.points) {
        if (p.ts < (last.get(p.indicator) ?? 0)) outOfOrder++;
        last.set(p.indicator, p.ts);
      }
      expect(outOfOrder).toBe(0);
    }
    // Stream reads sized in bytes: far below the tens of MB that unbounded 500-entry reads reached.
    expect(maxOutputBuffer).toBeLessThan(8 * 1024 * 1024);
    // With the stalled resumes done, the key may resume again.
    expect((await third.emitWithAck('subscribe', { cursor: '0-0', indicators: [indicators[1]] })).ok).toBe(true);
    for (const s of [...stalled, third, otherKey]) s.close();
  });
});
