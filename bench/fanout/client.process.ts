/**
 * A client process of the fan-out benchmark (forked by fanout.bench.ts): opens the sockets it is told
 * to (socket.io-client, WebSocket transport, no reconnection), subscribes each, and for every point
 * received while the current window is open counts it and adds `Date.now() - ts` (`ts` is the ingest
 * request's send time) to a histogram per subscription kind; apart from that it counts the points
 * whose `ts` lies in the window, whenever they arrive (what of the window's points got through). Nothing
 * else is kept per point. Exits when the parent goes away.
 *
 * The clients share the machine's two cores with the server, so they do as little as they can: a
 * `values` packet is not JSON-parsed into objects (a million points a second would cost the clients
 * more CPU than the server's fan-out); its text goes to the handler as it is, which reads each
 * point's `"ts":` (the only field it needs). Every other packet (connect, acks) is decoded as usual.
 * BENCH_CLIENT_PARSE=json uses socket.io-client's own parser for everything.
 */
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { io, type Socket } from 'socket.io-client';
import {
  type ChildMessage,
  Histogram,
  type KindStats,
  type ParentMessage,
  type SocketOrder,
  type SubSpec,
  subscribeRequest,
  windowLoopDelay,
} from './shared';

const sockets: { socket: Socket; sub: SubSpec }[] = [];
let t0 = Infinity;
let t1 = -Infinity;
interface Counts {
  points: number;
  latency: Histogram;
  toStream: Histogram;
  fromStream: Histogram;
  ofWindow: number;
}
const fresh = (): Counts => ({
  points: 0,
  latency: new Histogram(),
  toStream: new Histogram(),
  fromStream: new Histogram(),
  ofWindow: 0,
});
let kinds: Record<SubSpec['kind'], Counts> = { district: fresh(), wall: fresh() };
let outside = 0;
let events = 0;
let disconnects = 0;
let reasons: Record<string, number> = {};
const loop = windowLoopDelay();
const connectedNow = () => {
  const c: Record<SubSpec['kind'], number[]> = { district: new Array(10).fill(0), wall: new Array(10).fill(0) };
  for (const s of sockets) if (s.socket.connected) c[s.sub.kind][s.sub.index]++;
  return c;
};
let connectedAtT0 = connectedNow();

const send = (m: ChildMessage) => process.send!(m);

const VALUES = '2/live,["values",';
const TS = '"ts":';
const CURSOR = '"cursor":"';

/** socket.io-parser's decoder, but a `values` event on /live arrives as its packet's text. */
class ValuesAsTextDecoder extends Decoder {
  override add(obj: unknown): void {
    if (typeof obj === 'string' && obj.startsWith(VALUES)) {
      this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/live', data: ['values', obj] });
      return;
    }
    super.add(obj);
  }
}
const parser = process.env.BENCH_CLIENT_PARSE === 'json' ? undefined : { Encoder, Decoder: ValuesAsTextDecoder };

/**
 * Counts a `values` event's points in the window and their latencies: from the parsed event, or from
 * its text. The event's cursor is a Redis stream id, whose first part is the time (ms) the entry was
 * added to the live stream: the latency splits into ingest → stream and stream → client.
 */
function onValues(kind: SubSpec['kind'], ev: string | { cursor: string; points: { ts: number }[] }): void {
  const now = Date.now();
  const k = kinds[kind];
  events++;
  let at: number;
  let n = 0;
  if (typeof ev !== 'string') {
    at = Number(ev.cursor.slice(0, ev.cursor.indexOf('-')));
    for (const p of ev.points) n += count(k, now, at, p.ts);
  } else {
    let c = ev.indexOf(CURSOR, VALUES.length);
    at = 0;
    if (c !== -1)
      for (c += CURSOR.length; ev.charCodeAt(c) >= 48 && ev.charCodeAt(c) <= 57; c++)
        at = at * 10 + (ev.charCodeAt(c) - 48);
    for (let i = ev.indexOf(TS, VALUES.length); i !== -1; i = ev.indexOf(TS, i)) {
      i += TS.length;
      let ts = 0;
      for (let ch = ev.charCodeAt(i); ch >= 48 && ch <= 57; ch = ev.charCodeAt(++i)) ts = ts * 10 + (ch - 48);
      n += count(k, now, at, ts);
    }
  }
  if (n) k.fromStream.add(now - at, n);
}

/** Counts one point; 1 when it was received in the window. */
function count(k: Counts, now: number, at: number, ts: number): number {
  if (ts >= t0 && ts < t1) k.ofWindow++;
  if (now < t0 || now >= t1) {
    outside++;
    return 0;
  }
  k.points++;
  k.latency.add(now - ts);
  k.toStream.add(at - ts);
  return 1;
}

function open(url: string, order: SocketOrder): Promise<{ socket: Socket; port: number }> {
  const socket = io(`${url}/live`, {
    auth: { token: order.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
    ...(parser ? { parser } : {}),
  });
  const kind = order.sub.kind;
  socket.on('values', (ev: string | { cursor: string; points: { ts: number }[] }) => onValues(kind, ev));
  return new Promise((done, fail) => {
    // Every way an attempt can end without a subscribed socket: a refused or timed-out connection, a
    // close before the namespace's connect (the server's connectTimeout), or no answer at all.
    let settled = false;
    const failed = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      fail(err);
    };
    const timer = setTimeout(() => failed(new Error('no connect and subscribe answer in 60 s')), 60_000);
    socket.once('connect_error', failed);
    socket.once('disconnect', (reason) => !socket.connected && failed(new Error(`closed while connecting: ${reason}`)));
    socket.once('connect', () => {
      socket.once('disconnect', (reason) => {
        disconnects++;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      });
      socket
        .timeout(55_000)
        .emitWithAck('subscribe', subscribeRequest(order.sub))
        .then((ack: { ok: boolean; error?: string }) => {
          if (!ack.ok) throw new Error(`subscribe: ${ack.error}`);
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          // The local port, so the parent can find this connection's kernel queues (ss).
          const engine = socket.io.engine as unknown as { transport: { ws?: { _socket?: { localPort?: number } } } };
          done({ socket, port: engine.transport.ws?._socket?.localPort ?? 0 });
        })
        .catch(failed);
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
      connectedAtT0 = connectedNow();
      loop.set(t0, t1, () => (connectedAtT0 = connectedNow()));
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
        out[kind] = {
          points: kinds[kind].points,
          latency: kinds[kind].latency.data(),
          toStream: kinds[kind].toStream.data(),
          fromStream: kinds[kind].fromStream.data(),
          ofWindow: kinds[kind].ofWindow,
        };
      send({
        id: m.id,
        type: 'report',
        kinds: out,
        outside,
        events,
        sockets: sockets.filter((s) => s.socket.connected).length,
        connected: connectedAtT0,
        loop: loop.read(),
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
