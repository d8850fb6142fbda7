/**
 * The abusive clients of the chaos suite's third scenario, in a process of their own so that their
 * CPU does not distort the wall's latency measurement in the suite's process. Runs for
 * `durationMs`, then prints one line `ABUSE {json}` with what it did and how the server answered.
 *
 *   tsx test/chaos/abuser.process.ts '{"baseUrl":...,"socketKey":...,"ingestKey":...,...}'
 */
import { io, type Socket } from 'socket.io-client';

export interface AbuserConfig {
  baseUrl: string;
  /** One viewer key for every abusive socket. */
  socketKey: string;
  /** A key allowed to ingest, for the deep HTTP bodies. */
  ingestKey: string;
  durationMs: number;
  /** Sockets held open from the one key. */
  sockets: number;
  /** Sockets that subscribe with cursor "0-0" again and again. */
  replaySockets: number;
  /** Subscribe emits in flight at once on the flooding socket. */
  floodWindow: number;
  /** Nesting depth of the deep payloads. */
  depth: number;
  /** One series of the catalogue, for narrow subscriptions. */
  indicator: string;
  scope: string;
}

type Counts = Record<string, number>;
const bump = (c: Counts, k: string, by = 1) => (c[k] = (c[k] ?? 0) + by);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cfg = JSON.parse(process.argv[2]) as AbuserConfig;
const endAt = Date.now() + cfg.durationMs;
const running = () => Date.now() < endAt;
const opened = new Set<Socket>();

const report = {
  replay: {} as Counts,
  flood: {} as Counts,
  sockets: {} as Counts,
  deepSocket: {} as Counts,
  deepHttp: {} as Counts,
};

function open(): Socket {
  const socket = io(`${cfg.baseUrl}/live`, {
    auth: { token: cfg.socketKey },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  opened.add(socket);
  socket.on('disconnect', () => opened.delete(socket));
  return socket;
}

/** Connects; resolves true when connected, false (after counting why) otherwise. */
function connect(socket: Socket, counts: Counts): Promise<boolean> {
  return new Promise((done) => {
    socket.once('connect', () => {
      bump(counts, 'connected');
      done(true);
    });
    socket.once('connect_error', (e) => {
      bump(counts, `connect_error: ${e.message}`);
      socket.close();
      done(false);
    });
  });
}

/** Counts a disconnect that the server (or a broken transport) caused. */
function watchDisconnect(socket: Socket, counts: Counts): Promise<void> {
  return new Promise((done) =>
    socket.once('disconnect', (reason) => {
      if (reason !== 'io client disconnect') bump(counts, `disconnect: ${reason}`);
      done();
    }),
  );
}

function classifyAck(counts: Counts, ack: unknown): void {
  const a = ack as { ok?: boolean; error?: string; resync?: boolean } | undefined;
  if (a?.ok === true) bump(counts, a.resync ? 'ack ok (resync)' : 'ack ok');
  else bump(counts, `ack error: ${a?.error ?? JSON.stringify(ack)}`.slice(0, 80));
}

/**
 * Sockets that subscribe with cursor "0-0" again and again: the server reads the whole stream for
 * each. They ask for one series only, so that the abuser's own process is not the bottleneck.
 */
async function replayStorm(): Promise<void> {
  const c = report.replay;
  await Promise.all(
    Array.from({ length: cfg.replaySockets }, async () => {
      while (running()) {
        const socket = open();
        if (!(await connect(socket, c))) {
          await sleep(300);
          continue;
        }
        socket.on('values', (ev: { points: unknown[] }) => bump(c, 'points received', ev.points.length));
        const gone = watchDisconnect(socket, c);
        let alive = true;
        void gone.then(() => (alive = false));
        while (running() && alive) {
          bump(c, 'subscribe sent');
          try {
            classifyAck(
              c,
              await socket
                .timeout(5000)
                .emitWithAck('subscribe', { cursor: '0-0', indicators: [cfg.indicator], scopes: [cfg.scope] }),
            );
          } catch {
            bump(c, alive ? 'no ack within 5 s' : 'no ack (disconnected)');
          }
          await sleep(100);
        }
        socket.close();
      }
    }),
  );
}

/** One socket emitting subscribe as fast as the server acknowledges (a window of emits in flight). */
async function eventFlood(): Promise<void> {
  const c = report.flood;
  while (running()) {
    const socket = open();
    if (!(await connect(socket, c))) {
      await sleep(300);
      continue;
    }
    let alive = true;
    const gone = watchDisconnect(socket, c).then(() => (alive = false));
    const lane = async () => {
      while (running() && alive) {
        bump(c, 'subscribe sent');
        try {
          classifyAck(
            c,
            await socket.timeout(5000).emitWithAck('subscribe', { indicators: [cfg.indicator], scopes: [cfg.scope] }),
          );
        } catch {
          bump(c, alive ? 'no ack within 5 s' : 'no ack (disconnected)');
        }
      }
    };
    await Promise.race([Promise.all(Array.from({ length: cfg.floodWindow }, lane)), gone]);
    socket.close();
    await sleep(100);
  }
}

/** Thousands of sockets from the one key, opened 100 at a time and held. */
async function manySockets(): Promise<void> {
  const c = report.sockets;
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (running() && next < cfg.sockets) {
        next++;
        bump(c, 'opened');
        const socket = open();
        if (await connect(socket, c)) void watchDisconnect(socket, c);
      }
    }),
  );
}

const nested = (open: string, close: string, inner: string) => open.repeat(cfg.depth) + inner + close.repeat(cfg.depth);

/**
 * A subscribe payload nested `depth` deep, written as a raw Socket.IO packet (the client library's
 * own encoder would overflow its stack on it); the ack is read off the raw connection.
 */
async function deepSocket(): Promise<void> {
  const c = report.deepSocket;
  const payload = `{"indicators":${nested('[', ']', '"x"')}}`;
  let ackId = 900_000;
  while (running()) {
    const socket = open();
    if (!(await connect(socket, c))) {
      await sleep(300);
      continue;
    }
    let alive = true;
    void watchDisconnect(socket, c).then(() => (alive = false));
    const waiting = new Map<number, (answer: unknown) => void>();
    socket.io.engine.on('message', (data: unknown) => {
      const m = typeof data === 'string' ? /^3\/live,(\d+)(.*)$/s.exec(data) : null;
      if (!m) return;
      const [answer] = JSON.parse(m[2]) as unknown[];
      waiting.get(Number(m[1]))?.(answer);
    });
    while (running() && alive) {
      const id = ackId++;
      const answered = new Promise<unknown>((done) => {
        waiting.set(id, done);
        setTimeout(() => done(undefined), 5000);
      });
      bump(c, 'sent');
      socket.io.engine.write(`2/live,${id}["subscribe",${payload}]`);
      const answer = await answered;
      waiting.delete(id);
      if (answer === undefined) bump(c, alive ? 'no ack within 5 s' : 'no ack (disconnected)');
      else classifyAck(c, answer);
      await sleep(250);
    }
    socket.close();
  }
}

/** Ingest bodies nested `depth` deep: as the points array, and inside a point. */
async function deepHttp(): Promise<void> {
  const c = report.deepHttp;
  const bodies = {
    'points nested': `{"points":${nested('[', ']', '')}}`,
    'field nested': `{"points":[{"indicator":"${cfg.indicator}","scope":"${cfg.scope}","ts":${Date.now()},"value":1,"x":${nested('{"a":', '}', '1')}}]}`,
  };
  while (running()) {
    for (const [shape, body] of Object.entries(bodies)) {
      bump(c, 'sent');
      try {
        const res = await fetch(`${cfg.baseUrl}/api/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${cfg.ingestKey}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        bump(c, `${shape}: ${res.status}`);
      } catch (err) {
        bump(c, `${shape}: ${(err as Error).name}`);
      }
    }
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const stopAt = new Promise((r) => setTimeout(r, cfg.durationMs + 3000));
  // Each abuser stops by itself at endAt; a stuck one does not hold the report back.
  // CHAOS_ABUSERS=replay,flood,sockets,deepSocket,deepHttp runs only those (to see what each costs).
  const only = process.env.CHAOS_ABUSERS?.split(',');
  const abusers = { replay: replayStorm, flood: eventFlood, sockets: manySockets, deepSocket, deepHttp };
  const chosen = Object.entries(abusers).filter(([name]) => !only || only.includes(name));
  await Promise.race([Promise.all(chosen.map(([, run]) => run())), stopAt]);
  report.sockets['open at the end'] = [...opened].filter((s) => s.connected).length;
  console.log(`ABUSE ${JSON.stringify(report)}`);
  for (const s of opened) s.close();
  process.exit(0);
}

void main();
