import { api, createKey, seedCatalogue } from './support/api';
import { collectValues, connected, connectError, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

describe('live: Socket.IO /live', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  const T = Date.now() - 60_000;
  const ingest = async (points: object[]) => {
    const r = await admin.post('/api/v1/ingest', { points });
    expect(r.body.rejected).toEqual([]);
  };

  beforeAll(async () => {
    svc = await startService();
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
    await ingest([
      { indicator: 'env.aqi', scope: 'C1', ts: T, value: 40 },
      { indicator: 'env.aqi', scope: 'D2', ts: T, value: 50 },
      { indicator: 'finance.revenue', scope: 'D1', ts: T, value: 7 },
    ]);
    await waitFor(async () => (await admin.get('/api/v1/latest')).body.points.length === 3);
  });
  afterAll(() => svc?.cleanup());

  it.each([
    ['no key', undefined, 'unauthorized'],
    ['an unknown key', 'ioc_nope', 'unauthorized'],
  ])('refuses %s with connect_error "%s"', async (_what, key, message) => {
    const s = connectLive(svc, key);
    expect((await connectError(s)).message).toBe(message);
    s.close();
  });

  it('snapshot holds the latest point of every matching series; filters combine with AND', async () => {
    const s = connectLive(svc, svc.adminKey);
    await connected(s);
    const all = await s.emitWithAck('subscribe', {});
    expect(all.ok).toBe(true);
    expect(typeof all.cursor).toBe('string');
    expect(all.snapshot).toHaveLength(3);
    const envD1 = await s.emitWithAck('subscribe', { domains: ['env'], scopes: ['D1'] });
    expect(envD1.snapshot).toEqual([{ indicator: 'env.aqi', scope: 'C1', ts: T, value: 40 }]);
    const none = await s.emitWithAck('subscribe', { indicators: ['finance.revenue'], scopes: ['D2'] });
    expect(none.snapshot).toEqual([]);
    s.close();
  });

  it('pushes new points of matching series, in time order per series, and only those', async () => {
    const s = connectLive(svc, svc.adminKey);
    await connected(s);
    const seen = collectValues(s);
    await s.emitWithAck('subscribe', { indicators: ['env.aqi'], scopes: ['D2'] });
    const now = Date.now();
    await ingest([
      { indicator: 'env.aqi', scope: 'D2', ts: now + 2, value: 3 },
      { indicator: 'env.aqi', scope: 'D2', ts: now + 1, value: 2 },
      { indicator: 'env.aqi', scope: 'D1', ts: now, value: 999 },
      { indicator: 'finance.revenue', scope: 'D2', ts: now, value: 999 },
    ]);
    await ingest([{ indicator: 'env.aqi', scope: 'D2', ts: now + 3, value: 4 }]);
    await waitFor(() => seen.points.some((p) => p.value === 4));
    expect(seen.points.map((p) => p.value)).toEqual([2, 3, 4]);
    expect(seen.points.every((p) => p.scope === 'D2' && p.indicator === 'env.aqi')).toBe(true);
    s.close();
  });

  it('a district key gets "forbidden" outside its scopes and only its scopes by default', async () => {
    const key = await createKey(svc, 'district', ['D1']);
    const s = connectLive(svc, key);
    await connected(s);
    expect(await s.emitWithAck('subscribe', { scopes: ['D2'] })).toEqual({ ok: false, error: 'forbidden' });
    expect(await s.emitWithAck('subscribe', { scopes: ['P'] })).toEqual({ ok: false, error: 'forbidden' });
    const mine = await s.emitWithAck('subscribe', {});
    expect(mine.ok).toBe(true);
    expect(mine.snapshot.every((p: any) => p.scope === 'C1' || p.scope === 'D1')).toBe(true);
    expect(mine.snapshot.length).toBeGreaterThan(0);
    s.close();
  });

  it('an ingest key cannot open a socket', async () => {
    const s = connectLive(svc, await createKey(svc, 'ingest'));
    expect((await connectError(s)).message).toBe('forbidden');
    s.close();
  });

  it.each([
    ['a string', 'all'],
    ['scopes not an array', { scopes: 'D1' }],
    ['a bad code', { indicators: ['Not A Code!'] }],
    ['an unknown field', { colour: 'red' }],
    ['an unknown indicator', { indicators: ['env.aqi', 'env.nope'] }],
    ['an unknown domain', { domains: ['sport'] }],
    ['an unknown scope', { scopes: ['Z9'] }],
    // 100,000 codes in under a megabyte (Socket.IO's maxHttpBufferSize: a bigger packet closes the connection).
    ['100,000 indicators', { indicators: Array.from({ length: 100_000 }, (_, i) => `x.${i % 1000}`) }],
  ])('answers a bad subscribe payload (%s) with a readable error', async (_what, payload) => {
    const s = connectLive(svc, svc.adminKey);
    await connected(s);
    const ack = await s.emitWithAck('subscribe', payload);
    expect(ack.ok).toBe(false);
    expect(ack.error).toEqual(expect.any(String));
    expect(ack.error.length).toBeGreaterThan(5);
    if (_what === 'an unknown indicator') expect(ack.error).toMatch(/unknown indicator: env\.nope/);
    if (_what === '100,000 indicators') expect(ack.error).toMatch(/5000/);
    expect(s.connected).toBe(true);
    s.close();
  });

  it('resume: reconnecting with the last cursor delivers every missed point, in order, before live ones', async () => {
    const s = connectLive(svc, svc.adminKey);
    await connected(s);
    const seen = collectValues(s);
    const first = await s.emitWithAck('subscribe', { indicators: ['finance.spend'] });
    expect(first.ok).toBe(true);
    const base = Date.now();
    await ingest([{ indicator: 'finance.spend', scope: 'P', ts: base, value: 0 }]);
    await waitFor(() => seen.points.length === 1);
    const cursor = seen.cursors[seen.cursors.length - 1];
    s.close();

    // One stream entry per point, in order: each is stored before the next is sent (two jobs in flight
    // at once may be written in either order, and a point older than one already pushed is not pushed).
    for (let i = 1; i <= 5; i++) {
      await ingest([{ indicator: 'finance.spend', scope: 'P', ts: base + i, value: i }]);
      await waitFor(async () => (await admin.get('/api/v1/series/finance.spend/P/latest')).body.value === i);
    }

    const s2 = connectLive(svc, svc.adminKey);
    await connected(s2);
    const seen2 = collectValues(s2);
    const ack = await s2.emitWithAck('subscribe', { indicators: ['finance.spend'], cursor });
    expect(ack.ok).toBe(true);
    expect(ack.resync).toBeUndefined();
    await ingest([{ indicator: 'finance.spend', scope: 'P', ts: base + 6, value: 6 }]);
    await waitFor(() => seen2.points.some((p) => p.value === 6));
    expect(seen2.points.map((p) => p.value)).toEqual([1, 2, 3, 4, 5, 6]);
    s2.close();
  });

  it.each(['garbage', '1-0', '99999999999999-0'])(
    'a cursor it cannot resume (%s) gets resync with a snapshot',
    async (cursor) => {
      const s = connectLive(svc, svc.adminKey);
      await connected(s);
      const ack = await s.emitWithAck('subscribe', { indicators: ['env.aqi'], cursor });
      // "1-0" is before the window only once the stream has been trimmed; otherwise it resumes.
      if (cursor === '1-0' && !ack.resync) expect(ack.snapshot).toEqual([]);
      else expect(ack).toMatchObject({ ok: true, resync: true, cursor: expect.any(String) });
      if (ack.resync) expect(ack.snapshot.length).toBeGreaterThan(0);
      s.close();
    },
  );

  it('unsubscribe stops values', async () => {
    const s = connectLive(svc, svc.adminKey);
    await connected(s);
    const seen = collectValues(s);
    await s.emitWithAck('subscribe', { indicators: ['finance.revenue'] });
    expect(await s.emitWithAck('unsubscribe', {})).toEqual({ ok: true });
    // A second socket proves the points were published before we look at the first.
    const witness = connectLive(svc, svc.adminKey);
    await connected(witness);
    const w = collectValues(witness);
    await witness.emitWithAck('subscribe', { indicators: ['finance.revenue'] });
    await ingest([{ indicator: 'finance.revenue', scope: 'D1', ts: Date.now(), value: 123 }]);
    await waitFor(() => w.points.length === 1);
    expect(seen.points).toEqual([]);
    s.close();
    witness.close();
  });

  it('a late point (older than one already pushed) is stored but not pushed live', async () => {
    const s = connectLive(svc, svc.adminKey);
    await connected(s);
    const seen = collectValues(s);
    await s.emitWithAck('subscribe', { indicators: ['env.aqi'], scopes: ['C1'] });
    const now = Date.now();
    await ingest([{ indicator: 'env.aqi', scope: 'C1', ts: now, value: 10 }]);
    await ingest([{ indicator: 'env.aqi', scope: 'C1', ts: now - 5000, value: 9 }]);
    await ingest([{ indicator: 'env.aqi', scope: 'C1', ts: now + 1, value: 11 }]);
    await waitFor(() => seen.points.some((p) => p.value === 11));
    expect(seen.points.map((p) => p.value)).toEqual([10, 11]);
    const r = await admin.get(`/api/v1/series/env.aqi/C1/range?from=${now - 5000}&to=${now - 5000}`);
    expect(r.body.points).toEqual([{ ts: now - 5000, value: 9 }]);
    s.close();
  });
});
