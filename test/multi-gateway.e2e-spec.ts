import { hostname } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { api, createKey, seedCatalogue } from './support/api';
import { collectValues, connected, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { startTcpBalancer, type TcpBalancer } from './support/tcp-balancer';
import { waitFor } from './support/wait';

/** The gateways write their sockets to Redis every second here (an entry expires after 3 s). */
const GATEWAY_ENV = { IOC_PRESENCE_SECONDS: '1' };

/** A wall client behind the balancer: reconnects by itself and resumes from the last cursor it saw. */
interface Follower {
  socket: Socket;
  acks: any[];
  points: any[];
  cursor?: string;
  draining: any[];
  disconnects: string[];
}

function follow(url: string, key: string, filter: object): Follower {
  const socket = io(`${url}/live`, {
    auth: { token: key },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    randomizationFactor: 0,
  });
  const f: Follower = { socket, acks: [], points: [], draining: [], disconnects: [] };
  socket.on('connect', () => {
    const request = f.cursor ? { ...filter, cursor: f.cursor } : filter;
    socket.emit('subscribe', request, (ack: any) => {
      f.acks.push(ack);
      if (ack.ok && f.cursor === undefined) f.cursor = ack.cursor;
    });
  });
  socket.on('values', (ev: { cursor: string; points: any[] }) => {
    f.points.push(...ev.points);
    f.cursor = ev.cursor;
  });
  socket.on('draining', (ev: unknown) => f.draining.push(ev));
  socket.on('disconnect', (reason: string) => f.disconnects.push(reason));
  return f;
}

/** One point at a time through a gateway's HTTP API, each series' ts increasing, until stopped. */
function steadyIngest(via: RunningService, indicator: string, scope: string) {
  const admin = api(via, via.adminKey);
  const base = Date.now() - 60_000;
  const sent: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const r = await admin.post('/api/v1/ingest', { points: [{ indicator, scope, ts: base + i, value: i }] });
      if (r.status !== 202 || r.body.accepted !== 1)
        throw new Error(`ingest answered ${r.status} ${JSON.stringify(r.body)}`);
      sent.push(base + i);
      // Pacing of the sender (about 40 requests a second), not a wait for a condition.
      await new Promise((done) => setTimeout(done, 25));
    }
  })();
  loop.catch(() => undefined);
  return {
    sent,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('several gateway processes over one Redis and one database', () => {
  let a: RunningService;
  let b: RunningService;
  let worker: RunningService;
  let lb: TcpBalancer;
  let operatorKey: string;
  let viewerKey: string;
  let districtKey: string;
  const sockets: Socket[] = [];

  const gatewayOf = (svc: RunningService) => `${hostname()}:${svc.pid()}`;
  const presence = async (via: RunningService): Promise<any[]> => {
    const r = await api(via, operatorKey).get('/api/v1/presence');
    if (r.status !== 200) throw new Error(`presence answered ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.connections;
  };
  const servedBy = (socket: Socket, gateway: RunningService) =>
    waitFor(async () => (await presence(b)).some((c) => c.id === socket.id && c.gateway === gatewayOf(gateway)), {
      message: () => `socket ${socket.id} never listed on ${gateway.app} ${gatewayOf(gateway)}`,
    });

  beforeAll(async () => {
    a = await startService({ app: 'gateway', env: GATEWAY_ENV });
    [b, worker] = await Promise.all([
      startService({ app: 'gateway', share: a, env: GATEWAY_ENV }),
      // One job at a time: consecutive requests are stored, and pushed live, in the order they were sent.
      startService({ app: 'worker', share: a, env: { IOC_INGEST_CONCURRENCY: '1' } }),
    ]);
    await seedCatalogue(a);
    // B learns the catalogue from A's announcement on Redis.
    const bAdmin = api(b, b.adminKey);
    await waitFor(
      async () =>
        (await bAdmin.get('/api/v1/indicators')).body.length === 3 &&
        (await bAdmin.get('/api/v1/scopes')).body.length === 4,
    );
    [operatorKey, viewerKey, districtKey] = await Promise.all([
      createKey(a, 'operator'),
      createKey(a, 'viewer'),
      createKey(a, 'district', ['D1']),
    ]);
    lb = await startTcpBalancer([a.port, b.port]);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await lb?.close();
    await Promise.all([worker?.cleanup(), b?.cleanup()]);
    await a?.cleanup();
  });

  it("GET /api/v1/presence lists every gateway's sockets (admin, operator); both gateways push every point", async () => {
    const onA = connectLive(a, operatorKey);
    const onB = connectLive(b, districtKey);
    sockets.push(onA, onB);
    await Promise.all([connected(onA), connected(onB)]);
    const seenA = collectValues(onA);
    const seenB = collectValues(onB);
    expect((await onA.emitWithAck('subscribe', { domains: ['env'], scopes: ['D1'] })).ok).toBe(true);
    expect((await onB.emitWithAck('subscribe', {})).ok).toBe(true);

    const common = { connectedAt: expect.any(Number), lastCursor: expect.any(String), address: expect.any(String) };
    const expected = [
      {
        id: onA.id,
        keyName: 'operator key',
        role: 'operator',
        subscription: { domains: ['env'], scopes: ['D1'] },
        gateway: gatewayOf(a),
        ...common,
      },
      {
        id: onB.id,
        keyName: 'district key',
        role: 'district',
        scopes: ['D1'],
        subscription: {},
        gateway: gatewayOf(b),
        ...common,
      },
    ];
    expect(gatewayOf(a)).not.toBe(gatewayOf(b));
    for (const via of [a, b]) {
      let list: any[] = [];
      const mine = () => expected.map((e) => list.find((c) => c.id === e.id));
      await waitFor(
        async () => {
          list = await presence(via);
          return mine().every((c) => c?.subscription);
        },
        { message: () => `presence on ${via.port}: ${JSON.stringify(list)}` },
      );
      expect(mine()).toEqual(expected);
    }

    expect((await api(a, a.adminKey).get('/api/v1/presence')).status).toBe(200);
    for (const key of [viewerKey, districtKey]) {
      const r = await api(b, key).get('/api/v1/presence');
      expect([r.status, r.body.message]).toEqual([403, expect.stringContaining('monitor')]);
    }

    const base = Date.now() - 30_000;
    const points = [1, 2, 3].map((i) => ({ indicator: 'env.aqi', scope: 'C1', ts: base + i, value: i }));
    for (const p of points) expect((await api(b, b.adminKey).post('/api/v1/ingest', { points: [p] })).status).toBe(202);
    await waitFor(() => seenA.points.length >= 3 && seenB.points.length >= 3);
    expect(seenA.points).toEqual(points);
    expect(seenB.points).toEqual(points);
  });

  it('SIGTERM: the gateway tells its sockets `draining`; they reconnect by themselves and resume on the other one, every point once', async () => {
    lb.prefer(a.port);
    const f = follow(lb.url, viewerKey, { indicators: ['finance.revenue'], scopes: ['D2'] });
    sockets.push(f.socket);
    await waitFor(() => f.acks.length === 1);
    expect(f.acks[0]).toMatchObject({ ok: true, snapshot: [] });
    await servedBy(f.socket, a);

    const ingest = steadyIngest(b, 'finance.revenue', 'D2');
    await waitFor(() => f.points.length >= 5);
    const gatewayA = gatewayOf(a);
    // The balancer takes A out of rotation as it is told to stop (as an orchestrator does).
    lb.prefer(b.port);
    expect(await a.stop()).toBe(0);
    const atStop = ingest.sent.length;
    await waitFor(() => f.acks.length === 2 && f.points.length >= atStop + 5, {
      message: () => `acks ${JSON.stringify(f.acks)}, ${f.points.length} points, disconnects ${f.disconnects}`,
    });
    await ingest.stop();
    await waitFor(() => f.points.length >= ingest.sent.length);

    expect(f.draining).toEqual([{ reason: 'shutdown', retryInMs: expect.any(Number) }]);
    // A transport close (not "io server disconnect"): socket.io-client reconnects on its own.
    expect(f.disconnects).toEqual(['transport close']);
    expect(f.acks[1]).toMatchObject({ ok: true, snapshot: [] });
    expect(f.acks[1].resync).toBeUndefined();
    expect(f.points.map((p) => p.ts)).toEqual(ingest.sent);
    expect(a.output()).toMatch(/draining: told \d+ socket\(s\) to reconnect elsewhere/);

    await servedBy(f.socket, b);
    await waitFor(async () => !(await presence(b)).some((c) => c.gateway === gatewayA));
  });

  it('SIGKILL: the clients resume on the other gateway, every point once; the dead gateway leaves the presence list', async () => {
    await a.restart();
    lb.prefer(a.port);
    const f = follow(lb.url, viewerKey, { indicators: ['finance.spend'], scopes: ['D2'] });
    sockets.push(f.socket);
    await waitFor(() => f.acks.length === 1);
    expect(f.acks[0]).toMatchObject({ ok: true, snapshot: [] });
    await servedBy(f.socket, a);

    const ingest = steadyIngest(b, 'finance.spend', 'D2');
    await waitFor(() => f.points.length >= 5);
    const gatewayA = gatewayOf(a);
    await a.kill();
    const atKill = ingest.sent.length;
    // The balancer finds A's port closed and forwards the reconnection to B.
    await waitFor(() => f.acks.length === 2 && f.points.length >= atKill + 5, {
      message: () => `acks ${JSON.stringify(f.acks)}, ${f.points.length} points, disconnects ${f.disconnects}`,
    });
    await ingest.stop();
    await waitFor(() => f.points.length >= ingest.sent.length);

    expect(f.draining).toEqual([]);
    expect(f.disconnects).toEqual(['transport close']);
    expect(f.acks[1]).toMatchObject({ ok: true, snapshot: [] });
    expect(f.acks[1].resync).toBeUndefined();
    expect(f.points.map((p) => p.ts)).toEqual(ingest.sent);

    await servedBy(f.socket, b);
    // A wrote no goodbye: its entry expires (3 x IOC_PRESENCE_SECONDS).
    let list: any[] = [];
    await waitFor(
      async () => {
        list = await presence(b);
        return !list.some((c) => c.gateway === gatewayA);
      },
      { message: () => `${gatewayA} still listed: ${JSON.stringify(list)}` },
    );
  });
});
