/**
 * A client process of the fan-out benchmark (forked by fanout.bench.ts): opens the sockets it is told
 * to (socket.io-client, WebSocket transport, no reconnection), subscribes each, and for every point
 * received whose `ts` (the ingest request's send time) lies in the current window counts it and adds
 * `Date.now() - ts` to a histogram per subscription kind. Nothing else is kept per point. Exits when
 * the parent goes away.
 */
import { io, type Socket } from 'socket.io-client';
import {
  type ChildMessage,
  Histogram,
  type KindStats,
  type ParentMessage,
  type SocketOrder,
  type SubSpec,
  subscribeRequest,
} from './shared';

const sockets: { socket: Socket; sub: SubSpec }[] = [];
let t0 = Infinity;
let t1 = -Infinity;
const fresh = () => ({ points: 0, latency: new Histogram() });
let kinds: Record<SubSpec['kind'], { points: number; latency: Histogram }> = { district: fresh(), wall: fresh() };
let outside = 0;
let events = 0;
let disconnects = 0;
let reasons: Record<string, number> = {};

const send = (m: ChildMessage) => process.send!(m);

function open(url: string, order: SocketOrder): Promise<{ socket: Socket; port: number }> {
  const socket = io(`${url}/live`, {
    auth: { token: order.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  const kind = order.sub.kind;
  socket.on('values', (ev: { points: { ts: number }[] }) => {
    const now = Date.now();
    const k = kinds[kind];
    events++;
    const pts = ev.points;
    for (let i = 0; i < pts.length; i++) {
      const ts = pts[i].ts;
      if (ts < t0 || ts >= t1) {
        outside++;
        continue;
      }
      k.points++;
      k.latency.add(now - ts);
    }
  });
  return new Promise((done, fail) => {
    socket.once('connect_error', (err) => {
      socket.close();
      fail(err);
    });
    socket.once('connect', () => {
      socket.once('disconnect', (reason) => {
        disconnects++;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      });
      socket
        .timeout(60_000)
        .emitWithAck('subscribe', subscribeRequest(order.sub))
        .then((ack: { ok: boolean; error?: string }) => {
          if (!ack.ok) throw new Error(`subscribe: ${ack.error}`);
          // The local port, so the parent can find this connection's kernel queues (ss).
          const engine = socket.io.engine as unknown as { transport: { ws?: { _socket?: { localPort?: number } } } };
          done({ socket, port: engine.transport.ws?._socket?.localPort ?? 0 });
        })
        .catch((err: Error) => {
          socket.close();
          fail(err);
        });
    });
  });
}

async function handle(m: ParentMessage): Promise<void> {
  switch (m.cmd) {
    case 'open': {
      const started = Date.now();
      let next = 0;
      let failed = 0;
      const errors: string[] = [];
      const ports: number[] = [];
      await Promise.all(
        Array.from({ length: Math.min(m.concurrency, m.sockets.length) }, async () => {
          while (next < m.sockets.length) {
            const order = m.sockets[next++];
            // A refused handshake (a limit) is retried a few times with back-off before it counts as failed.
            for (let attempt = 0; ; attempt++) {
              try {
                const { socket, port } = await open(m.url, order);
                sockets.push({ socket, sub: order.sub });
                ports.push(port);
                break;
              } catch (err) {
                if (attempt < 3) {
                  await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
                  continue;
                }
                failed++;
                if (errors.length < 5) errors.push((err as Error).message);
                break;
              }
            }
          }
        }),
      );
      send({
        id: m.id,
        type: 'opened',
        opened: m.sockets.length - failed,
        failed,
        errors,
        ms: Date.now() - started,
        ports,
      });
      return;
    }
    case 'window':
      t0 = m.t0;
      t1 = m.t1;
      kinds = { district: fresh(), wall: fresh() };
      outside = 0;
      events = 0;
      disconnects = 0;
      reasons = {};
      send({ id: m.id, type: 'window' });
      return;
    case 'report': {
      const out = {} as Record<SubSpec['kind'], KindStats>;
      const connected: Record<SubSpec['kind'], number[]> = {
        district: new Array(10).fill(0),
        wall: new Array(10).fill(0),
      };
      for (const s of sockets) if (s.socket.connected) connected[s.sub.kind][s.sub.index]++;
      for (const kind of ['district', 'wall'] as const)
        out[kind] = { points: kinds[kind].points, latency: kinds[kind].latency.data() };
      send({
        id: m.id,
        type: 'report',
        kinds: out,
        outside,
        events,
        sockets: sockets.filter((s) => s.socket.connected).length,
        connected,
        disconnects,
        disconnectReasons: reasons,
      });
      return;
    }
    case 'close':
      for (const s of sockets.splice(0)) s.socket.close();
      send({ id: m.id, type: 'closed' });
      return;
  }
}

process.on('message', (m: ParentMessage) => {
  handle(m).catch((err: Error) => {
    console.error(`client ${process.pid}: ${err.stack ?? err.message}`);
    process.exit(1);
  });
});
// The parent is gone (it crashed, or was killed): so are we.
process.on('disconnect', () => process.exit(0));
send({ id: 0, type: 'ready' });
