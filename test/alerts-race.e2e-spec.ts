import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import { api, createKey, seedCatalogue } from './support/api';
import { connected, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/**
 * Two worker processes over one Redis and one database evaluate the same series at once: every
 * breach fires exactly one alert and resolves once; a worker killed while a breach is pending
 * (forSeconds) leaves it to the other, which fires it.
 */
describe('alerts with two worker processes', () => {
  let gateway: RunningService;
  let workers: RunningService[];
  let admin: ReturnType<typeof api>;
  let socket: Socket;
  const events: any[] = [];

  beforeAll(async () => {
    const env = { IOC_ALERT_SWEEP_SECONDS: '1', IOC_ALERT_REFIRE_SECONDS: '0', IOC_INGEST_CONCURRENCY: '4' };
    gateway = await startService({ app: 'gateway', env });
    workers = await Promise.all([1, 2].map(() => startService({ app: 'worker', share: gateway, env })));
    admin = api(gateway, gateway.adminKey);
    await seedCatalogue(gateway);
    socket = connectLive(gateway, await createKey(gateway, 'viewer'));
    await connected(socket);
    socket.on('alert', (a: any) => events.push(a));
    expect((await socket.emitWithAck('subscribe', {})).ok).toBe(true);
  });
  afterAll(async () => {
    socket?.close();
    for (const w of workers ?? []) await w.cleanup();
    await gateway?.cleanup();
  });

  it('breaches sent in many concurrent batches fire once and resolve once, cycle after cycle', async () => {
    const r = await admin.post('/api/v1/alert-rules', {
      indicator: 'env.aqi',
      scope: 'D1',
      condition: { op: '>', value: 100 },
      severity: 'critical',
    });
    expect(r.status).toBe(201);
    let ts = Date.now() - 600_000;
    const cycles = 5;
    for (let c = 0; c < cycles; c++) {
      for (const value of [150, 50]) {
        // 20 requests at once, each one point of the same series (later ts, same side of the threshold).
        const answers = await Promise.all(
          Array.from({ length: 20 }, () =>
            admin.post('/api/v1/ingest', { points: [{ indicator: 'env.aqi', scope: 'D1', ts: (ts += 10), value }] }),
          ),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
        const want = value > 100 ? 'firing' : 'resolved';
        await waitFor(() => events.filter((e) => e.state === want).length === c + 1, { timeoutMs: 15_000 });
      }
    }
    const listed = (await admin.get('/api/v1/alerts?indicator=env.aqi&limit=1000')).body.alerts;
    expect(listed).toHaveLength(cycles);
    expect(listed.every((a: any) => a.state === 'resolved')).toBe(true);
    // Exactly one firing and one resolved event per alert, nothing else.
    const byId = new Map<string, string[]>();
    for (const e of events) byId.set(e.id, [...(byId.get(e.id) ?? []), e.state]);
    expect([...byId.values()]).toEqual(Array(cycles).fill(['firing', 'resolved']));
  });

  it('a worker killed while a breach is pending: the other worker fires it when its time comes', async () => {
    const r = await admin.post('/api/v1/alert-rules', {
      indicator: 'finance.revenue',
      scope: 'D2',
      condition: { op: '<', value: 10 },
      severity: 'warning',
      forSeconds: 3,
    });
    const before = events.length;
    expect(
      (
        await admin.post('/api/v1/ingest', {
          points: [{ indicator: 'finance.revenue', scope: 'D2', ts: Date.now(), value: 1 }],
        })
      ).status,
    ).toBe(202);
    // The breach is pending once it is stored: wait for the point, then kill one worker.
    await waitFor(async () => (await admin.get('/api/v1/series/finance.revenue/D2/latest')).status === 200);
    await workers[0].kill();
    // Killed after the write but before the evaluation, the job is redone by the other worker once
    // its lock expires (10 s) and a stall check runs (3 s); then the breach is pending for its 3 s.
    await waitFor(() => events.length > before, { timeoutMs: 40_000 });
    expect(events.slice(before)).toEqual([expect.objectContaining({ ruleId: r.body.id, state: 'firing', value: 1 })]);
  });

  it('a worker killed while a webhook is being retried: another worker process goes on, with the same X-IOC-Delivery', async () => {
    const got: { delivery: string; status: number }[] = [];
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = got.length < 2 ? 500 : 200;
        got.push({ delivery: String(req.headers['x-ioc-delivery']), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const r = await admin.post('/api/v1/alert-rules', {
        indicator: 'env.aqi',
        scope: 'D2',
        condition: { op: '>', value: 100 },
        severity: 'critical',
        channels: [{ type: 'webhook', url }],
      });
      expect(r.status).toBe(201);
      const before = events.length;
      await admin.post('/api/v1/ingest', {
        points: [{ indicator: 'env.aqi', scope: 'D2', ts: Date.now(), value: 500 }],
      });
      await waitFor(() => events.length > before, { timeoutMs: 15_000 });
      const alertId = events[events.length - 1].id;
      // The first try failed (500): the worker that holds the delivery dies before its retry.
      await waitFor(() => got.length >= 1, { timeoutMs: 15_000 });
      const alive = workers.find((w) => w.isUp())!;
      await alive.kill();
      await workers.find((w) => w !== alive)!.restart();
      await waitFor(() => got.some((g) => g.status === 200), { timeoutMs: 40_000 });
      expect(new Set(got.map((g) => g.delivery)).size).toBe(1);
      const detail = (await admin.get(`/api/v1/alerts/${alertId}`)).body;
      expect(detail.deliveries.map((d: any) => d.status)).toContain('sent');
    } finally {
      server.close();
    }
  }, 90_000);
});
