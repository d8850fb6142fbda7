import {
  type Alert,
  type FeedState,
  type IndicatorPoint,
  IocApi,
  IocApiError,
  LiveFeed,
  type LiveFeedOptions,
  type SnapshotInfo,
} from '@app/client';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { api, createKey, seedCatalogue } from './support/api';
import { freePort, ROOT, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

const run = promisify(execFile);

/** Scopes under P, one per ingest batch of a burst: batches written in any order never make a point "late". */
const BATCH_SCOPES = Array.from({ length: 20 }, (_, i) => `B${String(i).padStart(2, '0')}`);

interface Recorded {
  values: IndicatorPoint[];
  cursors: string[];
  snapshots: Array<{ points: IndicatorPoint[]; info: SnapshotInfo }>;
  alerts: Alert[];
  states: FeedState[];
}

/** Orders two stream ids (`ms-seq`) numerically. */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}

const byScopeThenTs = (a: IndicatorPoint, b: IndicatorPoint) =>
  a.scope.localeCompare(b.scope) || a.indicator.localeCompare(b.indicator) || a.ts - b.ts;

/** Every point once, in order per series, cursors strictly increasing. */
function expectExactlyOnceInOrder(seen: Recorded, sent: IndicatorPoint[]): void {
  expect([...seen.values].sort(byScopeThenTs)).toEqual([...sent].sort(byScopeThenTs));
  for (const scope of new Set(sent.map((p) => p.scope))) {
    const ts = seen.values.filter((p) => p.scope === scope).map((p) => p.ts);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  }
  for (let i = 1; i < seen.cursors.length; i++)
    expect(compareIds(seen.cursors[i - 1], seen.cursors[i])).toBeLessThan(0);
}

describe('@ioc-stream/client against the real service', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  const feeds: LiveFeed[] = [];

  const ingest = async (points: IndicatorPoint[]) => {
    const r = await admin.post('/api/v1/ingest', { points });
    expect(r.body.rejected).toEqual([]);
  };

  /** `n` points of one series (ts `from`, `from + 1`, ...). */
  const series = (indicator: string, scope: string, from: number, n: number): IndicatorPoint[] =>
    Array.from({ length: n }, (_, i) => ({ indicator, scope, ts: from + i, value: i }));

  /** A LiveFeed on the service (fast reconnection) that records everything it hands over. */
  const recordedFeed = (options: Partial<LiveFeedOptions>) => {
    const seen: Recorded = { values: [], cursors: [], snapshots: [], alerts: [], states: [] };
    const feed = new LiveFeed({
      url: svc.baseUrl,
      key: svc.adminKey,
      reconnectDelayMs: 100,
      reconnectDelayMaxMs: 400,
      ...options,
      onValues: (points, cursor) => {
        seen.values.push(...points);
        seen.cursors.push(cursor);
      },
      onSnapshot: (points, info) => void seen.snapshots.push({ points, info }),
      onAlert: (alert) => void seen.alerts.push(alert),
      onState: (state) => void seen.states.push(state),
    });
    feeds.push(feed);
    return { feed, seen };
  };

  /** Starts a feed and waits until it is subscribed. */
  const live = async (feed: LiveFeed) => {
    feed.start();
    await waitFor(() => feed.state.state === 'live', { message: () => `feed is ${JSON.stringify(feed.state)}` });
  };

  /**
   * Waits for every sent point and for one more point sent after them (in scope P): what the feed
   * would hand over twice comes before that one. Then leaves it out of `seen.values`.
   */
  const allAndSentinel = async (seen: Recorded, sent: IndicatorPoint[], indicator: string) => {
    await ingest([{ indicator, scope: 'P', ts: Date.now(), value: -1 }]);
    const others = () => seen.values.filter((p) => p.scope !== 'P');
    await waitFor(() => others().length >= sent.length && seen.values.some((p) => p.scope === 'P'), {
      message: () => `${others().length} of ${sent.length} points; states ${JSON.stringify(seen.states)}`,
    });
    seen.values = others();
  };

  beforeAll(async () => {
    svc = await startService({ env: { IOC_LIVE_HEARTBEAT_SECONDS: '1' } });
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
    for (const code of BATCH_SCOPES) {
      const r = await admin.post('/api/v1/scopes', { code, name: `Batch ${code}`, parent: 'P' });
      expect(r.status).toBe(201);
    }
  });
  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((f) => f.stop()));
  });
  afterAll(() => svc?.cleanup());

  it('hands over the snapshot, then every new point in order', async () => {
    const T = Date.now() - 60_000;
    await ingest([
      { indicator: 'env.aqi', scope: 'D1', ts: T, value: 40 },
      { indicator: 'env.aqi', scope: 'D2', ts: T, value: 50 },
    ]);
    await waitFor(async () => (await admin.get('/api/v1/latest?indicator=env.aqi')).body.points.length === 2);
    const { feed, seen } = recordedFeed({ subscription: { indicators: ['env.aqi'] } });
    await live(feed);
    await waitFor(() => seen.snapshots.length === 1);
    expect(seen.snapshots[0].info).toEqual({ resync: false, cursor: expect.any(String), alerts: [] });
    expect([...seen.snapshots[0].points].sort(byScopeThenTs)).toEqual([
      { indicator: 'env.aqi', scope: 'D1', ts: T, value: 40 },
      { indicator: 'env.aqi', scope: 'D2', ts: T, value: 50 },
    ]);

    const base = Date.now();
    const sent = [...series('env.aqi', 'D1', base, 4), ...series('env.aqi', 'D2', base, 4)];
    await ingest(sent);
    await waitFor(() => seen.values.length >= sent.length);
    expectExactlyOnceInOrder(seen, sent);
    expect(feed.cursor).toBe(seen.cursors.at(-1));
    expect(seen.states).toEqual([{ state: 'connecting' }, { state: 'live' }]);
  });

  it('heartbeats keep a quiet feed live (not stale) and move its cursor on', async () => {
    const { feed, seen } = recordedFeed({
      subscription: { indicators: ['finance.spend'], scopes: ['D2'] },
      staleAfterMs: 2500,
    });
    await live(feed);
    const first = feed.cursor;
    // Other series move the stream on; this feed hears of it through heartbeats only.
    await ingest([{ indicator: 'env.aqi', scope: 'D1', ts: Date.now(), value: 1 }]);
    await waitFor(() => feed.cursor !== first && compareIds(feed.cursor!, first!) > 0, { timeoutMs: 10_000 });
    // Quiet for longer than staleAfterMs: heartbeats alone keep it live.
    let beats = 0;
    feed.socket!.on('heartbeat', () => beats++);
    await waitFor(() => beats >= 3, { timeoutMs: 10_000 });
    expect(seen.values).toEqual([]);
    expect(seen.states.some((st) => st.state === 'stale')).toBe(false);
    expect(feed.state.state).toBe('live');
  });

  it('a drop in the middle of a burst loses nothing and repeats nothing', async () => {
    const { feed, seen } = recordedFeed({ subscription: { indicators: ['finance.spend'] } });
    await live(feed);
    const base = Date.now();
    const sent: IndicatorPoint[] = [];
    for (const [k, scope] of BATCH_SCOPES.entries()) {
      const batch = series('finance.spend', scope, base + k * 10, 5);
      await ingest(batch);
      sent.push(...batch);
      if (k === 7) {
        // The feed has what was sent so far; the transport goes while the rest is on its way.
        await waitFor(() => seen.values.length === sent.length);
        feed.socket!.io.engine.close();
      }
    }
    await allAndSentinel(seen, sent, 'finance.spend');
    expectExactlyOnceInOrder(seen, sent);
    expect(seen.states).toContainEqual({ state: 'reconnecting', since: expect.any(Number) });
    expect(feed.state).toEqual({ state: 'live' });
    expect(seen.snapshots).toHaveLength(1);
  });

  it('a server restart while points come in loses nothing and repeats nothing', async () => {
    const { feed, seen } = recordedFeed({ subscription: { indicators: ['finance.revenue'] } });
    await live(feed);
    const base = Date.now();
    const sent: IndicatorPoint[] = [];
    for (const [k, scope] of BATCH_SCOPES.entries()) {
      if (k === 10) await svc.restart(); // SIGTERM: the points accepted so far are kept
      const batch = series('finance.revenue', scope, base + k * 10, 5);
      await ingest(batch);
      sent.push(...batch);
    }
    await allAndSentinel(seen, sent, 'finance.revenue');
    expectExactlyOnceInOrder(seen, sent);
    expect(seen.states).toContainEqual({ state: 'reconnecting', since: expect.any(Number) });
    expect(seen.snapshots).toHaveLength(1);
  });

  it('a cursor the stream no longer holds starts over from a snapshot (resync)', async () => {
    await ingest([{ indicator: 'env.aqi', scope: 'C1', ts: Date.now() - 1000, value: 9 }]);
    await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/C1/latest')).body.value === 9);
    // As the replay window would after 15 minutes: trim the live stream to its newest entry, and
    // restart so the gateway's memory of recent entries begins after it too.
    const redis = new Redis(svc.redisUrl);
    try {
      const [[newest]] = await redis.xrevrange(`${svc.redisPrefix}:live`, '+', '-', 'COUNT', 1);
      await redis.xtrim(`${svc.redisPrefix}:live`, 'MINID', newest);
    } finally {
      redis.disconnect();
    }
    await svc.restart();

    const { feed, seen } = recordedFeed({ subscription: { indicators: ['env.aqi'] }, cursor: '1-0' });
    await live(feed);
    await waitFor(() => seen.snapshots.length === 1);
    expect(seen.snapshots[0].info).toMatchObject({ resync: true, cursor: expect.any(String) });
    expect(seen.snapshots[0].points.length).toBeGreaterThan(0);
    const sent = series('env.aqi', 'C1', Date.now(), 3);
    await ingest(sent);
    await waitFor(() => seen.values.length >= sent.length);
    expectExactlyOnceInOrder(seen, sent);
  });

  it('after a cursor from elsewhere (newer than the stream), later values are not taken for repeats', async () => {
    const subscription = { indicators: ['env.aqi'], scopes: ['D2'] };
    const { feed, seen } = recordedFeed({ subscription, cursor: '99999999999999-0' });
    await live(feed);
    await waitFor(() => seen.snapshots.length === 1);
    expect(seen.snapshots[0].info.resync).toBe(true);
    const sent = series('env.aqi', 'D2', Date.now(), 3);
    await ingest(sent);
    await waitFor(() => seen.values.length >= sent.length);
    expectExactlyOnceInOrder(seen, sent);
  });

  it('moves on to the next URL when a gateway does not answer', async () => {
    // The first URL refuses connections: only a move to the second one can make the feed live.
    const { feed, seen } = recordedFeed({ urls: [`http://127.0.0.1:${await freePort()}`, svc.baseUrl] });
    await live(feed);
    expect(seen.states).toEqual([{ state: 'connecting' }, { state: 'live' }]);
  });

  it('closes for good when its key is revoked while connected', async () => {
    const r = await admin.post('/api/v1/api-keys', { name: 'district D1', role: 'district', scopes: ['D1'] });
    expect(r.status).toBe(201);
    const { feed, seen } = recordedFeed({ key: r.body.key, subscription: {} });
    await live(feed);
    expect((await admin.delete(`/api/v1/api-keys/${r.body.id}`)).status).toBe(204);
    await waitFor(() => feed.state.state === 'closed', { timeoutMs: 5000 });
    expect(feed.state).toEqual({ state: 'closed', reason: 'unauthorized' });
    expect(seen.states.at(-1)).toEqual({ state: 'closed', reason: 'unauthorized' });
  });

  it('closes on an unknown key and on a subscription outside the key’s scopes', async () => {
    const unknown = recordedFeed({ key: 'ioc_not-a-key' });
    unknown.feed.start();
    await waitFor(() => unknown.feed.state.state === 'closed');
    expect(unknown.feed.state).toEqual({ state: 'closed', reason: 'unauthorized' });
    expect(unknown.seen.states).toEqual([{ state: 'connecting' }, { state: 'closed', reason: 'unauthorized' }]);

    const outside = recordedFeed({ key: await createKey(svc, 'district', ['D1']), subscription: { scopes: ['D2'] } });
    outside.feed.start();
    await waitFor(() => outside.feed.state.state === 'closed');
    expect(outside.feed.state).toEqual({ state: 'closed', reason: 'subscribe refused: forbidden' });
  });

  it('REST helpers answer with the shared types and throw IocApiError with the server’s body', async () => {
    const T = Date.now() - 30_000;
    await ingest([...series('finance.spend', 'D2', T, 3), { indicator: 'env.aqi', scope: 'C1', ts: T, value: 7 }]);
    const viewer = new IocApi({ url: svc.baseUrl, key: await createKey(svc, 'viewer') });
    await waitFor(async () => (await viewer.latest('finance.spend', 'D2').catch(() => null))?.ts === T + 2);
    expect(await viewer.latest('finance.spend', 'D2')).toEqual({
      indicator: 'finance.spend',
      scope: 'D2',
      ts: T + 2,
      value: 2,
    });
    expect(await viewer.range('finance.spend', 'D2', { from: T, to: new Date(T + 1) })).toEqual({
      indicator: 'finance.spend',
      scope: 'D2',
      points: [
        { ts: T, value: 0 },
        { ts: T + 1, value: 1 },
      ],
    });
    const bucketed = await viewer.range('finance.spend', 'D2', { from: T, to: T + 2, step: 60_000, agg: 'sum' });
    expect(bucketed.points.reduce((n, p) => n + p.value, 0)).toBe(3);
    const many = await viewer.latestMany({ scope: 'D2', indicator: ['finance.spend', 'env.aqi'] });
    expect(many.map((p) => p.indicator).sort()).toEqual(['env.aqi', 'finance.spend']);

    const notFound = await viewer.latest('finance.revenue', 'C1').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(IocApiError);
    expect(notFound).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    const district = new IocApi({ url: svc.baseUrl, key: await createKey(svc, 'district', ['D1']) });
    await expect(district.latest('finance.spend', 'D2')).rejects.toMatchObject({ statusCode: 403, error: 'Forbidden' });
    await expect(viewer.range('finance.spend', 'D2', { agg: 'sum' })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('alerts: the feed tells each change once, REST lists and acknowledges them', async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      indicator: 'env.aqi',
      scope: 'D2',
      condition: { op: '>', value: 300 },
      severity: 'critical',
    });
    expect(rule.status).toBe(201);
    const { feed, seen } = recordedFeed({ subscription: { indicators: ['env.aqi'], scopes: ['D2'] }, lang: 'en' });
    await live(feed);
    await ingest([{ indicator: 'env.aqi', scope: 'D2', ts: Date.now(), value: 420 }]);
    await waitFor(() => seen.alerts.length === 1);
    expect(seen.alerts[0]).toMatchObject({
      ruleId: rule.body.id,
      state: 'firing',
      value: 420,
      reason: expect.any(String),
    });

    const operator = new IocApi({ url: svc.baseUrl, key: await createKey(svc, 'operator'), lang: 'en' });
    const firing = await operator.alerts({ state: 'firing', scope: 'D2' });
    expect(firing.map((a) => a.id)).toEqual([seen.alerts[0].id]);
    const acked = await operator.ack(firing[0].id, 'team sent');
    expect(acked).toMatchObject({ id: firing[0].id, state: 'acknowledged', note: 'team sent' });
    await waitFor(() => seen.alerts.length === 2);
    expect(seen.alerts.map((a) => a.state)).toEqual(['firing', 'acknowledged']);

    const viewer = new IocApi({ url: svc.baseUrl, key: await createKey(svc, 'viewer') });
    await expect(viewer.ack(firing[0].id)).rejects.toMatchObject({ statusCode: 403 });
  });

  it('the packed package installs from its tarball and runs as a plain ES module', async () => {
    await buildClientIfStale();
    const dir = mkdtempSync(join(tmpdir(), 'ioc-client-pack-'));
    try {
      await run('npm', ['pack', './libs/client', '--pack-destination', dir], { cwd: ROOT });
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
      const pkg = join(dir, 'node_modules', '@ioc-stream', 'client');
      mkdirSync(pkg, { recursive: true });
      await run('tar', ['-xzf', join(dir, tarball), '-C', pkg, '--strip-components=1']);
      // Its one dependency, as `npm install` would provide it.
      symlinkSync(join(ROOT, 'node_modules', 'socket.io-client'), join(dir, 'node_modules', 'socket.io-client'));
      writeFileSync(
        join(dir, 'check.mjs'),
        [
          "import { LiveFeed, IocApi, IocApiError } from '@ioc-stream/client';",
          "const feed = new LiveFeed({ url: 'http://127.0.0.1:1', key: 'k' });",
          'console.log(JSON.stringify({ feed: typeof LiveFeed, api: typeof IocApi, error: typeof IocApiError, state: feed.state }));',
        ].join('\n'),
      );
      const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({
        feed: 'function',
        api: 'function',
        error: 'function',
        state: { state: 'closed', reason: 'not started' },
      });
      expect(existsSync(join(pkg, 'dist', 'index.d.ts'))).toBe(true);
      expect(existsSync(join(pkg, 'src'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `npm run build:client` when libs/client/dist is missing or older than the sources it is built from. */
async function buildClientIfStale(): Promise<void> {
  const built = join(ROOT, 'libs/client/dist/index.js');
  const newestSource = Math.max(
    ...['libs/client/src', 'libs/contracts/src'].flatMap((d) =>
      readdirSync(join(ROOT, d)).map((f) => statSync(join(ROOT, d, f)).mtimeMs),
    ),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  await run('npm', ['run', 'build:client'], { cwd: ROOT });
}
