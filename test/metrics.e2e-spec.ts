import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, createKey, seedCatalogue } from './support/api';
import { spawnRedisServer } from './support/redis-server';
import { freePort, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-test-0123456789';
const T = Date.UTC(2026, 0, 1);

/** One sample of the exposition text: its metric name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the sample with this name and (at least) these labels; undefined when absent. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** GET /metrics with this bearer token (or none). */
async function scrape(svc: RunningService, token?: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${svc.baseUrl}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('GET /metrics and the request log (LOG_FORMAT=json)', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  let viewerKey: string;

  beforeAll(async () => {
    svc = await startService({ env: { IOC_METRICS_TOKEN: METRICS_TOKEN, LOG_FORMAT: 'json' } });
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
    viewerKey = await createKey(svc, 'viewer');
  });
  afterAll(() => svc?.cleanup());

  const metrics = async () => {
    const r = await scrape(svc, svc.adminKey);
    expect(r.status).toBe(200);
    return parseMetrics(r.text);
  };

  it('answers 401 without a key or with a wrong token, 403 to a viewer key', async () => {
    expect((await scrape(svc)).status).toBe(401);
    expect((await scrape(svc, `${METRICS_TOKEN}x`)).status).toBe(401);
    const viewer = await scrape(svc, viewerKey);
    expect(viewer.status).toBe(403);
    expect(JSON.parse(viewer.text)).toMatchObject({ statusCode: 403, error: 'Forbidden' });
  });

  it('answers the Prometheus text format to the admin key and to IOC_METRICS_TOKEN', async () => {
    for (const token of [svc.adminKey, METRICS_TOKEN]) {
      const r = await scrape(svc, token);
      expect(r.status).toBe(200);
      expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(r.text).toMatch(/^# HELP ioc_ingest_points_accepted_total /m);
      // Default process metrics, labelled with the app.
      expect(valueOf(parseMetrics(r.text), 'process_cpu_seconds_total', { app: 'server' })).toBeGreaterThan(0);
    }
  });

  it('counts exactly the points an ingest accepted and rejected, by reason class, and the points stored', async () => {
    const before = await metrics();
    const count = (samples: Sample[], name: string, labels: Record<string, string>) =>
      valueOf(samples, name, { ...labels, app: 'server' }) ?? 0;
    const r = await admin.post('/api/v1/ingest', {
      points: [
        { indicator: 'finance.revenue', scope: 'D1', ts: T, value: 1 },
        { indicator: 'finance.revenue', scope: 'D2', ts: T, value: 2 },
        { indicator: 'env.aqi', scope: 'P', ts: T, value: 3 },
        { indicator: 'nope', scope: 'D1', ts: T, value: 4 },
        { indicator: 'finance.revenue', scope: 'D1', ts: T, value: 'NaN' },
      ],
    });
    expect(r.status).toBe(202);
    expect(r.body.accepted).toBe(3);
    const after = await metrics();
    const moved = (name: string, labels: Record<string, string>) =>
      count(after, name, labels) - count(before, name, labels);
    expect(moved('ioc_ingest_points_accepted_total', { source: 'http' })).toBe(3);
    expect(moved('ioc_ingest_points_rejected_total', { source: 'http', reason: 'unknown_indicator' })).toBe(1);
    expect(moved('ioc_ingest_points_rejected_total', { source: 'http', reason: 'bad_value' })).toBe(1);
    expect(moved('ioc_ingest_points_rejected_total', { source: 'http', reason: 'unknown_scope' })).toBe(0);
    expect(moved('ioc_ingest_points_accepted_total', { source: 'simulator' })).toBe(0);

    // The worker's side (this process runs it too): the batch is stored, then told to the listeners.
    const written = (s: Sample[]) => count(s, 'ioc_store_points_written_total', {});
    await waitFor(async () => written(await metrics()) - written(before) === 3, {
      message: () => 'ioc_store_points_written_total did not move by 3',
    });
    const now = await metrics();
    expect(count(now, 'ioc_store_write_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(count(now, 'ioc_point_listener_failures_total', { listener: 'live' })).toBe(0);
    expect(valueOf(now, 'ioc_point_listener_duration_seconds_count', { listener: 'alerts' })).toBeGreaterThan(0);
    expect(
      valueOf(now, 'ioc_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/ingest',
        status: '202',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('shows queue depth per queue and state, alerts by state and deliveries by status, read from Redis and the database', async () => {
    const s = await metrics();
    for (const queue of ['ioc-ingest', 'ioc-alert-delivery']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect({ queue, state, value: valueOf(s, 'ioc_queue_jobs', { queue, state }) }).toEqual({
          queue,
          state,
          value: expect.any(Number),
        });
      }
    }
    for (const state of ['firing', 'acknowledged', 'resolved']) {
      expect(valueOf(s, 'ioc_alerts', { state, severity: 'critical' })).toBe(0);
    }
    for (const status of ['sent', 'retrying', 'dead', 'failed']) {
      expect(valueOf(s, 'ioc_alert_deliveries', { status })).toBe(0);
    }
    for (const metric of ['ioc_queue_jobs', 'ioc_alerts', 'ioc_alert_deliveries']) {
      expect({ metric, up: valueOf(s, 'ioc_metrics_source_up', { metric }) }).toEqual({ metric, up: 1 });
    }
  });

  it('counts a firing alert in ioc_alerts', async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      indicator: 'env.aqi',
      scope: 'D2',
      condition: { op: '>', value: 100 },
      severity: 'critical',
    });
    expect(rule.status).toBe(201);
    expect(
      (await admin.post('/api/v1/ingest', { points: [{ indicator: 'env.aqi', scope: 'D2', ts: T, value: 150 }] }))
        .status,
    ).toBe(202);
    // Cached for a few seconds: wait for the scrape that has read it.
    await waitFor(async () => valueOf(await metrics(), 'ioc_alerts', { state: 'firing', severity: 'critical' }) === 1, {
      timeoutMs: 20_000,
      intervalMs: 500,
      message: () => 'ioc_alerts{state="firing",severity="critical"} never became 1',
    });
  });

  it('logs one JSON line per request: method, path without the query, status, latency, the key name; never a key', async () => {
    const secret = `SECRET${Date.now()}`;
    expect((await fetch(`${svc.baseUrl}/wall?key=${secret}&scope=P`)).status).toBe(200);
    const viewer = api(svc, viewerKey);
    expect((await viewer.get('/api/v1/latest?x=1')).status).toBe(200);
    expect((await viewer.get('/api/v1/domains?token=abc')).status).toBe(200);
    expect((await api(svc, 'not-a-key').get('/api/v1/latest?key=WRONGKEY123')).status).toBe(401);

    type Line = Record<string, unknown>;
    const lines = (): Line[] =>
      svc
        .stdout()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Line);
    const requestLine = (path: string, status: number) =>
      lines().find((l) => l.context === 'HTTP' && l.path === path && l.status === status);
    await waitFor(() => requestLine('/api/v1/latest', 401) !== undefined, {
      message: () => `no request line for the 401:\n${svc.stdout().slice(-2000)}`,
    });

    // Every stdout line is one JSON object (JSON.parse above throws on any other line).
    expect(lines().every((l) => typeof l.level === 'string' && typeof l.message === 'string')).toBe(true);

    expect(requestLine('/wall', 200)).toMatchObject({ level: 'log', method: 'GET', route: '/wall' });
    expect(requestLine('/wall', 200)!.key).toBeUndefined();
    const latest = requestLine('/api/v1/latest', 200)!;
    expect(latest).toMatchObject({
      level: 'log',
      method: 'GET',
      path: '/api/v1/latest',
      status: 200,
      key: 'viewer key',
      route: '/api/v1/latest',
    });
    expect(latest.latencyMs).toEqual(expect.any(Number));
    expect(latest.message).toMatch(/^GET \/api\/v1\/latest 200 [\d.]+ ms key=viewer key$/);
    expect(requestLine('/api/v1/latest', 401)!.key).toBeUndefined();

    const all = svc.output();
    for (const never of [
      secret,
      'x=1',
      'token=abc',
      'WRONGKEY123',
      'not-a-key',
      viewerKey,
      svc.adminKey,
      METRICS_TOKEN,
    ]) {
      expect({ never, found: all.includes(never) }).toEqual({ never, found: false });
    }
  });
});

describe('GET /metrics while Redis is down', () => {
  let redis: ChildProcess | undefined;
  let svc: RunningService | undefined;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-metrics-redis-'));
    port = await freePort();
    redis = spawnRedisServer(port, dir);
    svc = await startService({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    // Back up for the clean-up of the service's keys, then gone.
    const again = spawnRedisServer(port, dir);
    await svc?.cleanup();
    again.kill('SIGKILL');
    redis?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('still answers, leaving out queue depth and marking it (ioc_metrics_source_up 0)', async () => {
    const up = parseMetrics((await scrape(svc!, svc!.adminKey)).text);
    expect(valueOf(up, 'ioc_metrics_source_up', { metric: 'ioc_queue_jobs' })).toBe(1);

    const gone = new Promise((done) => redis!.once('exit', done));
    redis!.kill('SIGKILL');
    await gone;
    await waitFor(async () => (await fetch(`${svc!.baseUrl}/health`)).status === 503);

    // Cached for 2 s at most, then the read is given up after 1 s.
    let samples: Sample[] = [];
    await waitFor(
      async () => {
        const r = await scrape(svc!, svc!.adminKey);
        expect(r.status).toBe(200);
        samples = parseMetrics(r.text);
        return valueOf(samples, 'ioc_metrics_source_up', { metric: 'ioc_queue_jobs' }) === 0;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(samples.filter((s) => s.name === 'ioc_queue_jobs')).toEqual([]);
    // What does not need Redis is still there: the database's gauges, the process's counters.
    expect(valueOf(samples, 'ioc_metrics_source_up', { metric: 'ioc_alerts' })).toBe(1);
    expect(valueOf(samples, 'ioc_ingest_points_accepted_total', { source: 'http' })).toBe(0);
  });
});

describe('a gateway and a worker as two processes (npm run build: the gateway and worker apps)', () => {
  let gateway: RunningService | undefined;
  let worker: RunningService | undefined;
  let workerMetrics: string;

  beforeAll(async () => {
    gateway = await startService({ app: 'gateway', env: { IOC_METRICS_TOKEN: METRICS_TOKEN } });
    const port = await freePort();
    workerMetrics = `http://127.0.0.1:${port}/metrics`;
    worker = await startService({
      app: 'worker',
      share: gateway,
      env: { IOC_METRICS_TOKEN: METRICS_TOKEN, IOC_METRICS_PORT: String(port) },
    });
    await seedCatalogue(gateway);
  });
  afterAll(async () => {
    await worker?.cleanup();
    await gateway?.cleanup();
  });

  const scrapeWorker = async (token?: string, url = workerMetrics) => {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, text: await res.text() };
  };

  it('the worker serves GET /metrics on IOC_METRICS_PORT to IOC_ADMIN_KEY and IOC_METRICS_TOKEN only', async () => {
    expect((await scrapeWorker()).status).toBe(401);
    expect((await scrapeWorker('some-other-key-0123456789')).status).toBe(401);
    expect((await scrapeWorker(METRICS_TOKEN, workerMetrics.replace('/metrics', '/other'))).status).toBe(404);
    for (const token of [METRICS_TOKEN, gateway!.adminKey]) {
      const r = await scrapeWorker(token);
      expect(r.status).toBe(200);
      expect(valueOf(parseMetrics(r.text), 'process_cpu_seconds_total', { app: 'worker' })).toBeGreaterThan(0);
    }
  });

  it('the gateway counts what it accepted, the worker what it stored', async () => {
    const r = await api(gateway!, gateway!.adminKey).post('/api/v1/ingest', {
      points: [
        { indicator: 'finance.revenue', scope: 'D1', ts: T, value: 1 },
        { indicator: 'finance.revenue', scope: 'D2', ts: T, value: 2 },
      ],
    });
    expect(r.status).toBe(202);
    const atGateway = parseMetrics((await scrape(gateway!, METRICS_TOKEN)).text);
    expect(valueOf(atGateway, 'ioc_ingest_points_accepted_total', { source: 'http', app: 'gateway' })).toBe(2);
    expect(valueOf(atGateway, 'ioc_store_points_written_total')).toBeUndefined();
    await waitFor(async () => {
      const atWorker = parseMetrics((await scrapeWorker(METRICS_TOKEN)).text);
      return valueOf(atWorker, 'ioc_store_points_written_total', { app: 'worker' }) === 2;
    });
  });
});
