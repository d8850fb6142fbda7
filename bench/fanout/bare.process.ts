/**
 * The raw ceiling of the fan-out benchmark (forked by fanout.bench.ts): a plain Socket.IO server (the
 * service's socket.io version, WebSocket transport only, namespace /live) with none of the service's
 * work. A socket's `subscribe` puts it in the room of its subscription (one room per distinct
 * subscription: the 10 district feeds and the 10 domain walls); `POST /ingest` takes the same batches
 * the service takes and broadcasts each one at once: per room, the batch's points the room's
 * subscription matches, in one `values` event `{cursor, points}` (one emit per room, encoded once).
 * Tells the parent its port; exits when the parent goes away.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { type ChildMessage, type ParentMessage, subMatches, windowLoopDelay } from './shared';

interface Room {
  req: { scopes?: string[]; domains?: string[] };
}

const rooms = new Map<string, Room>();
let seq = 0;

const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/ingest') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as {
      points: { indicator: string; scope: string; ts: number; value: number }[];
    };
    const cursor = `${Date.now()}-${seq++}`;
    for (const [name, room] of rooms) {
      const points = body.points.filter((p) => subMatches(room.req, p.indicator, p.scope));
      if (points.length) live.to(name).emit('values', { cursor, points });
    }
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: body.points.length }));
  });
});

const io = new Server(http, { transports: ['websocket'], serveClient: false });
const live = io.of('/live');
live.on('connection', (socket) => {
  socket.on('subscribe', (req: { scopes?: string[]; domains?: string[] }, ack: (a: unknown) => void) => {
    const name = JSON.stringify([req.scopes ?? [], req.domains ?? []]);
    if (!rooms.has(name)) rooms.set(name, { req });
    void socket.join(name);
    ack({ ok: true, snapshot: [], cursor: `${Date.now()}-0` });
  });
});

http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as { port: number };
  process.send!({ id: 0, type: 'ready', port } satisfies ChildMessage);
});
// The parent's window (its event-loop delay is measured in it) and report (that delay, nothing else).
const loop = windowLoopDelay();
process.on('message', (m: ParentMessage) => {
  if (m.cmd === 'window') {
    loop.set(m.t0, m.t1);
    process.send!({ id: m.id, type: 'window' } satisfies ChildMessage);
  } else if (m.cmd === 'report') {
    process.send!({
      id: m.id,
      type: 'report',
      kinds: { district: empty(), wall: empty() },
      outside: 0,
      events: 0,
      sockets: live.sockets.size,
      connected: { district: [], wall: [] },
      disconnects: 0,
      disconnectReasons: {},
      loop: loop.read(),
    } satisfies ChildMessage);
  }
});
const none = () => ({ pairs: [], n: 0, max: 0 });
const empty = () => ({ points: 0, latency: none(), toStream: none(), fromStream: none(), ofWindow: 0 });
process.on('disconnect', () => process.exit(0));
