/**
 * Live fan-out under load (`npm run bench:fanout`): the built server (`dist/apps/server/main.js`: HTTP,
 * gateway and workers in one process) with a catalogue of 10 domains × 50 indicators on 10 districts of
 * one province (5,000 series), points ingested through `POST /api/v1/ingest` at BENCH_RATE points/s
 * (10 requests a second) with `ts` = the request's send time, and sockets in separate client processes
 * on 127.0.0.1 (socket.io-client, WebSocket transport): three quarters district feeds
 * (`{scopes:[district]}`, a tenth of the points each), the rest province walls on one domain
 * (`{scopes:[province], domains:[d]}`, a tenth each). At 5,000 points/s and 2,000 sockets that is
 * 1 M points/s to deliver. Each phase: ingest starts, a warm-up, then a window of BENCH_SECONDS in
 * which the clients count what they receive (delivered points/s, latency = receipt − ts) and the
 * server's CPU is read (CPU per delivered point: the same points over the same time); ingest stops at
 * the window's end, and BENCH_GRACE seconds later the clients also say how many of the points sent in
 * the window had arrived by then (what got through at all). Phases:
 *   0. idle: the same ingest with no sockets (server CPU and ingest POST latency without fan-out);
 *   1. bare: a plain Socket.IO server (bare.process.ts) broadcasting the same batches to the same
 *      sockets, one emit per room: the ceiling;
 *   2. 2k: ioc-stream with BENCH_SOCKETS sockets;
 *   3. slow: the same with BENCH_SLOW of them not reading (their client process is SIGSTOPped): the
 *      others' latency, and the server's RSS from the stop to the end;
 *   4. 10k: BENCH_SOCKETS_BIG sockets, same mix.
 * Prints a table per phase, the targets, and last one JSON object.
 *
 * Environment: BENCH_SECONDS (20), BENCH_WARMUP (5), BENCH_GRACE (5), BENCH_RATE (5000), BENCH_TICKS
 * (requests a second, 10), BENCH_SOCKETS (2000), BENCH_SOCKETS_BIG (10000; 0 skips the phase), BENCH_SLOW
 * (50), BENCH_SLOW_LEADIN (seconds between the stop and the measured window, 20), BENCH_CLIENT_PROCS (2),
 * BENCH_CONNECT_CONCURRENCY (per client process, 50), BENCH_NODE_ARGS (node flags for the server, e.g.
 * "--cpu-prof --cpu-prof-dir=prof").
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpuSeconds as processCpuSeconds, rssMiB } from '../../test/chaos/process-stats';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { api, createKey } from '../../test/support/api';
import { REDIS_URL, type RunningService, startService } from '../../test/support/service';
import {
  type ChildMessage,
  DISTRICTS,
  type LoopDelay,
  DOMAINS,
  Histogram,
  INDICATORS_PER_DOMAIN,
  indicatorCode,
  type ParentMessage,
  PROVINCE,
  SERIES,
  seriesOf,
  type SocketOrder,
  socketMix,
  type SubSpec,
} from './shared';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 20);
const WARMUP = Number(env.BENCH_WARMUP ?? 5);
const GRACE = Number(env.BENCH_GRACE ?? 5);
const RATE = Number(env.BENCH_RATE ?? 5000);
const TICKS = Number(env.BENCH_TICKS ?? 10);
const SOCKETS = Number(env.BENCH_SOCKETS ?? 2000);
const SOCKETS_BIG = Number(env.BENCH_SOCKETS_BIG ?? 10_000);
const SLOW = Number(env.BENCH_SLOW ?? 50);
const SLOW_LEADIN = Number(env.BENCH_SLOW_LEADIN ?? 20);
const PROCS = Number(env.BENCH_CLIENT_PROCS ?? 2);
const CONCURRENCY = Number(env.BENCH_CONNECT_CONCURRENCY ?? 50);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number | null, digits = 1) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const fmt = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** Quantile of raw samples (ms, 0.1 ms). */
const quantile = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]);
};

/** user + system CPU seconds of a process so far, from /proc (0 when it is gone). */
const cpuSeconds = (pid: number | undefined): number => processCpuSeconds(pid) ?? 0;

/** CPU seconds the whole machine spent busy so far (all cores, from /proc/stat). */
function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = f.slice(0, 8).reduce((a, b) => a + b, 0) - f[3] - f[4];
  return busy / 100;
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/**
 * Bytes the kernel holds on the connections between `serverPort` and these client ports: the
 * clients' receive queues and the server's send queues (`ss`). Shows that a stopped client's
 * backlog has reached the server process (the kernel buffers are full).
 */
function kernelQueues(
  serverPort: number,
  clientPorts: Set<number>,
): { conns: number; clientRecvKiB: number; serverSendKiB: number } {
  let recv = 0;
  let sendQ = 0;
  let conns = 0;
  try {
    const out = execFileSync(
      'ss',
      ['-tnH', 'state', 'established', `( sport = :${serverPort} or dport = :${serverPort} )`],
      {
        encoding: 'utf8',
      },
    );
    for (const line of out.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) continue;
      const port = (addr: string) => Number(addr.slice(addr.lastIndexOf(':') + 1));
      const [rq, sq, local, peer] = [Number(f[0]), Number(f[1]), port(f[2]), port(f[3])];
      if (local === serverPort && clientPorts.has(peer)) sendQ += sq;
      if (peer === serverPort && clientPorts.has(local)) {
        recv += rq;
        conns++;
      }
    }
  } catch {
    /* no ss: left at 0 */
  }
  return { conns, clientRecvKiB: Math.round(recv / 1024), serverSendKiB: Math.round(sendQ / 1024) };
}

type Reply<T extends ChildMessage['type']> = Extract<ChildMessage, { type: T }>;
type Request = ParentMessage extends infer M ? (M extends unknown ? Omit<M, 'id'> : never) : never;

/** A forked child process (client or bare server) spoken to over IPC, one answer per request. */
class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: ChildMessage) => void>();
  readonly ready: Promise<Reply<'ready'>>;
  private stopped = false;
  /** Local ports of the sockets this client opened (for kernelQueues). */
  readonly ports: number[] = [];

  constructor(
    readonly label: string,
    file: string,
    readonly proc: ChildProcess = fork(join(__dirname, file), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  ) {
    this.ready = new Promise((done, fail) => {
      proc.once('exit', (code, signal) => {
        const err = new Error(`${label} exited (${code ?? signal})`);
        fail(err);
        for (const w of this.waiting.values()) w({ id: 0, type: 'ready' });
        if (!this.stopped) console.error(err.message);
      });
      proc.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') return done(m);
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        w?.(m);
      });
    });
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Sends a request and waits for its answer (at most `timeoutMs`: a child that hangs fails the run). */
  async ask<T extends ChildMessage['type']>(msg: Request, type: T, timeoutMs = 60_000): Promise<Reply<T>> {
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<ChildMessage>((done, fail) => {
      this.waiting.set(id, done);
      timer = setTimeout(
        () => fail(new Error(`${this.label}: no answer to ${msg.cmd} in ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
    });
    this.proc.send({ ...msg, id } as ParentMessage);
    const m = await answer.finally(() => clearTimeout(timer));
    if (m.type !== type) throw new Error(`${this.label}: expected ${type}, got ${m.type} (did it exit?)`);
    return m as Reply<T>;
  }

  signal(sig: NodeJS.Signals): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(sig);
  }

  kill(): Promise<void> {
    this.stopped = true;
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return Promise.resolve();
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGCONT');
    this.proc.kill('SIGKILL');
    return gone;
  }
}

/** Opens sockets on a client process and keeps their ports. */
async function openOn(child: Child, url: string, sockets: SocketOrder[]): Promise<number> {
  if (!sockets.length) return 0;
  const r = await child.ask({ cmd: 'open', url, sockets, concurrency: CONCURRENCY }, 'opened', 15 * 60_000);
  child.ports.push(...r.ports);
  if (r.failed)
    console.log(`  ${child.label}: ${r.failed} of ${sockets.length} sockets failed: ${r.errors.join('; ')}`);
  return r.opened;
}

interface Ingest {
  url: string;
  token?: string;
}

interface PhaseResult {
  name: string;
  sockets: number;
  seconds: number;
  sent: number;
  /** Points the measured sockets should get of those sent in the window (their subscriptions' share). */
  expected: number;
  /** Points the measured sockets received while the window was open (whenever sent), and their latencies. */
  delivered: number;
  latency: Histogram;
  /**
   * The latency split at the time the point's entry was added to the live stream (the event's cursor is
   * a stream id: its ms part): ingest request → stream (HTTP, queue, worker, storage) and stream →
   * client (the gateway's read and fan-out, the socket). For the bare server: request → broadcast → client.
   */
  toStream: Histogram;
  fromStream: Histogram;
  /** Points sent in the window that had arrived GRACE seconds after it (what got through, and in time). */
  arrived: number;
  byKind: Record<SubSpec['kind'], { expected: number; delivered: number; arrived: number; p99: number | null }>;
  serverCpuS: number;
  clientsCpuS: number;
  redisCpuS: number;
  parentCpuS: number;
  /** The whole machine's busy CPU seconds, and the 1-minute load average at the window's end. */
  machineCpuS: number;
  load: number;
  rss: { start: number | null; end: number | null; max: number | null };
  ingestMs: number[];
  ingestErrors: number;
  ticksLate: number;
  outside: number;
  events: number;
  disconnects: number;
  disconnectReasons: Record<string, number>;
  /** Event-loop delay over the window: the worst client's p99 and max, and the bare server's. */
  clientLoop: LoopDelay;
  bareLoop: LoopDelay | null;
  /**
   * Bytes waiting in the kernel on the measured sockets at t1: in the clients' receive queues (the
   * clients are behind) and the server's send queues (a client's window is full). What waits in the
   * server process itself is not seen here.
   */
  queues: { clientRecvKiB: number; serverSendKiB: number };
}

let seriesCursor = 0;

/**
 * One phase: ingest starts now; the window [t0, t1) opens after `leadIn` seconds and lasts SECONDS;
 * ingest stops at t1; after GRACE seconds the measured clients report. `windowOn` clients get the
 * window (and count), `measured` ones are reported.
 */
async function phase(opts: {
  name: string;
  ingest: Ingest;
  serverPid: number | undefined;
  serverPort: number;
  windowOn: Child[];
  measured: Child[];
  allClients: Child[];
  redis: Redis;
  /** The bare server (its event-loop delay is reported). */
  bare?: Child;
  leadIn?: number;
  /** After the window is set on the clients, before ingest starts. */
  beforeIngest?: () => void | Promise<void>;
  /** At t1. */
  atEnd?: () => void;
}): Promise<PhaseResult> {
  const leadIn = opts.leadIn ?? WARMUP;
  const t0 = Date.now() + leadIn * 1000 + 500;
  const t1 = t0 + SECONDS * 1000;
  const windowOn = opts.bare ? [...opts.windowOn, opts.bare] : opts.windowOn;
  await Promise.all(windowOn.map((c) => c.ask({ cmd: 'window', t0, t1 }, 'window')));
  await opts.beforeIngest?.();

  const sentDistrict = new Array<number>(DISTRICTS.length).fill(0);
  const sentDomain = new Array<number>(DOMAINS.length).fill(0);
  let sent = 0;
  const ingestMs: number[] = [];
  let ingestErrors = 0;
  let ticksLate = 0;
  let firstError = '';

  // Samples at t0 and t1 (and RSS every 500 ms in between).
  const rssSamples: number[] = [];
  interface Sample {
    server: number;
    clients: number;
    redis: number;
    parent: NodeJS.CpuUsage;
    parentSince0?: NodeJS.CpuUsage;
    rss: number | null;
    machine: number;
    load: number;
  }
  const sample = async (): Promise<Sample> => ({
    server: cpuSeconds(opts.serverPid),
    clients: opts.allClients.reduce((n, c) => n + cpuSeconds(c.pid), 0),
    redis: await redisCpuSeconds(opts.redis),
    parent: process.cpuUsage(),
    parentSince0: at0 ? process.cpuUsage(at0.parent) : undefined,
    rss: rssMiB(opts.serverPid),
    machine: machineBusySeconds(),
    load: loadavg()[0],
  });
  let at0: Sample | undefined;
  let at1: Sample | undefined;
  let queues = { clientRecvKiB: 0, serverSendKiB: 0 };
  const sampler = (async () => {
    await sleep(t0 - Date.now());
    at0 = await sample();
    while (Date.now() < t1 - 250) {
      await sleep(Math.min(500, t1 - Date.now()));
      const r = rssMiB(opts.serverPid);
      if (r !== null) rssSamples.push(r);
    }
    await sleep(Math.max(0, t1 - Date.now()));
    at1 = await sample();
    queues = kernelQueues(opts.serverPort, new Set(opts.measured.flatMap((c) => c.ports)));
    opts.atEnd?.();
  })();

  const per = Math.round(RATE / TICKS);
  const period = 1000 / TICKS;
  const start = Date.now();
  const inflight = new Map<Promise<void>, { inWindow: boolean; t: number }>();
  let closed = false;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.ingest.token) headers.authorization = `Bearer ${opts.ingest.token}`;
  for (let k = 0; ; k++) {
    const due = start + k * period;
    if (due >= t1) break;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    else if (wait < -period) ticksLate++;
    const ts = Date.now();
    const inWindow = ts >= t0 && ts < t1;
    const points = new Array<{ indicator: string; scope: string; ts: number; value: number }>(per);
    for (let j = 0; j < per; j++) {
      const s = seriesOf(seriesCursor++);
      points[j] = { indicator: s.indicator, scope: s.scope, ts, value: (seriesCursor % 997) + 0.5 };
      if (inWindow) {
        sentDistrict[s.district]++;
        sentDomain[s.domain]++;
        sent++;
      }
    }
    const body = JSON.stringify({ points });
    const t = performance.now();
    const p = fetch(opts.ingest.url, { method: 'POST', headers, body })
      .then(async (r) => {
        const answer = (await r.json()) as { accepted?: number };
        if (closed) return;
        if (inWindow) ingestMs.push(performance.now() - t);
        if (r.status !== 202 || answer.accepted !== per) {
          ingestErrors++;
          firstError ||= `${r.status} ${JSON.stringify(answer).slice(0, 300)}`;
        }
      })
      .catch((err: Error) => {
        if (closed) return;
        ingestErrors++;
        const cause = (err.cause as Error | undefined)?.message;
        firstError ||= cause ? `${err.message} (${cause})` : err.message;
      });
    const request = { inWindow, t };
    inflight.set(p, request);
    void p.finally(() => inflight.delete(p));
  }
  await sampler;
  // Requests still unanswered GRACE seconds after the window: counted with the time they have waited
  // so far (a lower bound); their answers, when they come, are left out (the next phase waits for the
  // service to catch up first).
  await Promise.race([Promise.all(inflight.keys()), sleep(GRACE * 1000)]);
  closed = true;
  let unanswered = 0;
  for (const r of inflight.values()) {
    if (!r.inWindow) continue;
    ingestMs.push(performance.now() - r.t);
    unanswered++;
  }
  if (unanswered)
    console.log(`  ${opts.name}: ${unanswered} ingest requests of the window unanswered ${GRACE} s after it`);
  if (firstError) console.log(`  ${opts.name}: ${ingestErrors} ingest requests failed, the first: ${firstError}`);

  const reports = await Promise.all(opts.measured.map((c) => c.ask({ cmd: 'report' }, 'report')));
  const bareLoop = opts.bare ? (await opts.bare.ask({ cmd: 'report' }, 'report')).loop : null;
  const latency = new Histogram();
  const toStream = new Histogram();
  const fromStream = new Histogram();
  for (const r of reports)
    for (const kind of ['district', 'wall'] as const) {
      toStream.merge(r.kinds[kind].toStream);
      fromStream.merge(r.kinds[kind].fromStream);
    }
  const byKind = {} as PhaseResult['byKind'];
  let expected = 0;
  let delivered = 0;
  let arrived = 0;
  for (const kind of ['district', 'wall'] as const) {
    const h = new Histogram();
    let d = 0;
    let a = 0;
    for (const r of reports) {
      h.merge(r.kinds[kind].latency);
      d += r.kinds[kind].points;
      a += r.kinds[kind].ofWindow;
    }
    latency.merge(h.data());
    const sentTo = kind === 'district' ? sentDistrict : sentDomain;
    let e = 0;
    for (const r of reports) r.connected[kind].forEach((n, i) => (e += n * sentTo[i]));
    byKind[kind] = { expected: e, delivered: d, arrived: a, p99: h.quantile(0.99) };
    expected += e;
    delivered += d;
    arrived += a;
  }
  const reasons: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.disconnectReasons)) reasons[k] = (reasons[k] ?? 0) + v;
  const parentCpu = at1!.parentSince0!;
  return {
    name: opts.name,
    sockets: reports.reduce((n, r) => n + r.sockets, 0),
    seconds: (t1 - t0) / 1000,
    sent,
    expected,
    delivered,
    latency,
    toStream,
    fromStream,
    arrived,
    byKind,
    serverCpuS: at1!.server - at0!.server,
    clientsCpuS: at1!.clients - at0!.clients,
    redisCpuS: at1!.redis - at0!.redis,
    parentCpuS: (parentCpu.user + parentCpu.system) / 1e6,
    machineCpuS: at1!.machine - at0!.machine,
    load: at1!.load,
    rss: {
      start: at0!.rss,
      end: at1!.rss,
      max: rssSamples.length ? Math.max(...rssSamples, at0!.rss ?? 0, at1!.rss ?? 0) : at1!.rss,
    },
    ingestMs,
    ingestErrors,
    ticksLate,
    outside: reports.reduce((n, r) => n + r.outside, 0),
    events: reports.reduce((n, r) => n + r.events, 0),
    disconnects: reports.reduce((n, r) => n + r.disconnects, 0),
    disconnectReasons: reasons,
    clientLoop: {
      p99: Math.max(0, ...reports.map((r) => r.loop.p99)),
      max: Math.max(0, ...reports.map((r) => r.loop.max)),
    },
    bareLoop,
    queues: { clientRecvKiB: queues.clientRecvKiB, serverSendKiB: queues.serverSendKiB },
  };
}

/**
 * Waits until the service has caught up with the previous phase (the ingest queue empty and `/health`
 * answering within 200 ms), at most 3 minutes: a backlog must not spill into the next phase.
 */
async function settle(svc: RunningService, redis: Redis): Promise<number> {
  const q = `${svc.redisPrefix}:bull:ioc-ingest`;
  const started = Date.now();
  while (Date.now() - started < 180_000) {
    const [wait, active, delayed] = await Promise.all([
      redis.llen(`${q}:wait`),
      redis.llen(`${q}:active`),
      redis.zcard(`${q}:delayed`),
    ]);
    const t = performance.now();
    const ok = await fetch(`${svc.baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (wait + active + delayed === 0 && ok && performance.now() - t < 200) break;
    await sleep(500);
  }
  return (Date.now() - started) / 1000;
}

/** The service's catalogue for the benchmark, and its keys. */
async function seed(svc: RunningService) {
  const admin = api(svc, svc.adminKey);
  const must = async (path: string, body: unknown) => {
    const r = await admin.post(path, body);
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  for (const code of DOMAINS) await must('/api/v1/domains', { code, name: code });
  await must('/api/v1/scopes', { code: PROVINCE, name: 'Province' });
  for (const code of DISTRICTS) await must('/api/v1/scopes', { code, name: `District ${code}`, parent: PROVINCE });
  const indicators = DOMAINS.flatMap((domain, d) =>
    Array.from({ length: INDICATORS_PER_DOMAIN }, (_, k) => ({
      code: indicatorCode(d, k),
      domain,
      name: `${domain} ${k}`,
      unit: 'u',
    })),
  );
  for (let i = 0; i < indicators.length; i += 25)
    await Promise.all(indicators.slice(i, i + 25).map((x) => must('/api/v1/indicators', x)));
  return {
    ingest: await createKey(svc, 'ingest'),
    viewer: await createKey(svc, 'viewer'),
    districts: await Promise.all(DISTRICTS.map((d) => createKey(svc, 'district', [d]))),
  };
}

const children: Child[] = [];
let service: RunningService | undefined;
let tornDown: Promise<void> | undefined;

/** Stops every process the benchmark started (once; a second call waits for the first). */
function teardown(): Promise<void> {
  tornDown ??= (async () => {
    await Promise.all(children.map((c) => c.kill()));
    await service?.cleanup();
  })();
  return tornDown;
}

async function main(): Promise<void> {
  if (env.BENCH_NODE_ARGS) env.SERVICE_NODE_ARGS = env.BENCH_NODE_ARGS;
  console.log(
    `fan-out: ${RATE} points/s in ${TICKS} requests/s over ${SERIES} series; ` +
      `${SOCKETS} sockets (slow: ${SLOW}), then ${SOCKETS_BIG}; ${WARMUP} s warm-up + ${SECONDS} s measured + ${GRACE} s grace per phase; ` +
      `${PROCS} client processes (+1 for the slow sockets)`,
  );
  const big = 100_000;
  service = await startService({
    env: {
      IOC_LIVE_MAX_SOCKETS_PER_KEY: String(big),
      IOC_LIVE_MAX_SOCKETS_PER_ADDRESS: String(big),
      IOC_LIVE_HANDSHAKES_PER_SECOND: String(big),
      IOC_LIVE_KEY_EVENTS_PER_10S: String(big),
    },
  });
  const svc = service;
  const port = svc.port;
  const keys = await seed(svc);
  const tokenOf = (s: SubSpec) => (s.kind === 'district' ? keys.districts[s.index] : keys.viewer);
  const redis = new Redis(REDIS_URL);

  const clients = Array.from({ length: PROCS }, (_, i) => new Child(`client ${i + 1}`, 'client.process.ts'));
  const slowClient = new Child('slow client', 'client.process.ts');
  children.push(...clients, slowClient);
  await Promise.all(children.map((c) => c.ready));
  const allClients = [...clients, slowClient];

  // The sockets: SOCKETS of the mix; the slow ones spread over it (every district and domain), on their own process.
  const mix = socketMix(SOCKETS);
  const slowAt = new Set(
    Array.from({ length: Math.min(SLOW, SOCKETS) }, (_, k) => Math.floor((k * SOCKETS) / SLOW) + (k % 4)),
  );
  const orders = (subs: SubSpec[]) => subs.map((sub) => ({ token: tokenOf(sub), sub }));
  const slowOrders = orders(mix.filter((_, i) => slowAt.has(i)));
  const regular = orders(mix.filter((_, i) => !slowAt.has(i)));
  const share = (list: SocketOrder[], i: number) => list.filter((_, k) => k % PROCS === i);
  const openAll = async (url: string) => {
    const t = Date.now();
    const n = (
      await Promise.all([
        ...clients.map((c, i) => openOn(c, url, share(regular, i))),
        openOn(slowClient, url, slowOrders),
      ])
    ).reduce((a, b) => a + b, 0);
    console.log(`  ${n} sockets connected and subscribed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const closeAll = () => Promise.all(allClients.map((c) => c.ask({ cmd: 'close' }, 'closed')));
  const serviceIngest: Ingest = { url: `${svc.baseUrl}/api/v1/ingest`, token: keys.ingest };
  const results: PhaseResult[] = [];
  const base = { serverPid: svc.pid(), serverPort: port, allClients, redis };

  // 0. No sockets.
  console.log('phase idle: ingest, no sockets');
  results.push(await phase({ ...base, name: 'idle', ingest: serviceIngest, windowOn: [], measured: [] }));

  const settled = async () => {
    const s = await settle(svc, redis);
    if (s > 1) console.log(`  (the service took ${s.toFixed(1)} s to catch up after the phase)`);
  };
  await settled();

  // 1. The bare Socket.IO server.
  console.log('phase bare: a plain Socket.IO server, same batches, same sockets');
  const bare = new Child('bare server', 'bare.process.ts');
  children.push(bare);
  const bareUrl = `http://127.0.0.1:${(await bare.ready).port}`;
  await openAll(bareUrl);
  results.push(
    await phase({
      ...base,
      name: 'bare',
      ingest: { url: `${bareUrl}/ingest` },
      serverPid: bare.pid,
      serverPort: Number(new URL(bareUrl).port),
      bare,
      windowOn: allClients,
      measured: allClients,
    }),
  );
  await closeAll();
  await bare.kill();
  for (const c of allClients) c.ports.length = 0;

  // 2. ioc-stream, SOCKETS sockets.
  console.log(`phase 2k: ioc-stream, ${SOCKETS} sockets`);
  await openAll(svc.baseUrl);
  results.push(await phase({ ...base, name: '2k', ingest: serviceIngest, windowOn: allClients, measured: allClients }));
  await settled();

  // 3. The slow ones stop reading.
  console.log(`phase slow: ${slowOrders.length} of the sockets stop reading (their process is stopped)`);
  const slowPorts = new Set(slowClient.ports);
  let stoppedAt = 0;
  let rssAtStop: number | null = null;
  // Every second from the stop to the resume: the stopped sockets' connections and kernel queues, the server's RSS.
  const timeline: { t: number; conns: number; clientRecvKiB: number; serverSendKiB: number; rss: number | null }[] = [];
  let poller: NodeJS.Timeout | undefined;
  const slowPhase = await phase({
    ...base,
    name: 'slow',
    ingest: serviceIngest,
    windowOn: allClients,
    measured: clients,
    leadIn: SLOW_LEADIN,
    beforeIngest: () => {
      rssAtStop = rssMiB(svc.pid());
      stoppedAt = Date.now();
      slowClient.signal('SIGSTOP');
      poller = setInterval(
        () =>
          timeline.push({
            t: Math.round((Date.now() - stoppedAt) / 1000),
            ...kernelQueues(port, slowPorts),
            rss: rssMiB(svc.pid()),
          }),
        1000,
      );
    },
  });
  results.push(slowPhase);
  clearInterval(poller);
  const stoppedFor = (Date.now() - stoppedAt) / 1000;
  slowClient.signal('SIGCONT');
  await sleep(GRACE * 1000);
  const slowReport = await slowClient.ask({ cmd: 'report' }, 'report');
  let slowDelivered = 0;
  for (const kind of ['district', 'wall'] as const) slowDelivered += slowReport.kinds[kind].ofWindow;
  const slowExpected = (slowPhase.sent / 10) * slowOrders.length;
  const firstFull = timeline.find((x) => x.serverSendKiB > 0);
  const firstGone = timeline.find((x) => x.conns < slowOrders.length);
  const allGone = timeline.find((x) => x.conns === 0);
  const slowNote =
    `the slow client was stopped for ${stoppedFor.toFixed(0)} s (window from ${SLOW_LEADIN} s to ${SLOW_LEADIN + SECONDS} s); ` +
    `the server's send queues to it first held data at ${firstFull ? `${firstFull.t} s` : '–'} (its kernel buffers full), ` +
    `their TCP connections closed from ${firstGone ? `${firstGone.t} s` : '–'} to ${allGone ? `${allGone.t} s` : '–'}; ` +
    `after resuming they received ${fmt((100 * slowDelivered) / slowExpected, 1)} % of the window's points ` +
    `(disconnects: ${JSON.stringify(slowReport.disconnectReasons)})`;
  console.log(`  ${slowNote}`);
  console.log(
    `  timeline (s since the stop: stopped sockets connected, their receive / the server's send queues in KiB, server RSS MiB): ` +
      timeline
        .filter((_, i) => i % 5 === 4)
        .map((x) => `${x.t}: ${x.conns}, ${x.clientRecvKiB} / ${x.serverSendKiB}, ${fmt(x.rss)}`)
        .join('; '),
  );
  // The slow client's sockets afresh (the server dropped them), for the next phase.
  await slowClient.ask({ cmd: 'close' }, 'closed');
  slowClient.ports.length = 0;
  await openOn(slowClient, svc.baseUrl, slowOrders);
  await settled();

  // 4. SOCKETS_BIG sockets.
  let big10k: PhaseResult | undefined;
  if (SOCKETS_BIG > SOCKETS) {
    console.log(`phase 10k: ioc-stream, ${SOCKETS_BIG} sockets`);
    const more = orders(socketMix(SOCKETS_BIG - SOCKETS, SOCKETS));
    const t = Date.now();
    const n = (await Promise.all(clients.map((c, i) => openOn(c, svc.baseUrl, share(more, i))))).reduce(
      (a, b) => a + b,
      0,
    );
    console.log(`  ${n} more sockets connected and subscribed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    big10k = await phase({ ...base, name: '10k', ingest: serviceIngest, windowOn: allClients, measured: allClients });
    results.push(big10k);
  }
  await closeAll();
  redis.disconnect();

  // Figures.
  const [idle, bareR, r2k] = results;
  const rateOf = (r: PhaseResult) => r.delivered / r.seconds;
  const usPer = (r: PhaseResult) => (r.delivered ? (r.serverCpuS * 1e6) / r.delivered : null);
  const fanoutUs = (r: PhaseResult) =>
    r.delivered
      ? (((r.serverCpuS / r.seconds - idle.serverCpuS / idle.seconds) * r.seconds) / r.delivered) * 1e6
      : null;
  const delivery = results.map((r) => ({
    phase: r.name,
    sockets: r.name === 'idle' ? 0 : r.sockets,
    'expected pts/s': r.expected / r.seconds,
    'delivered pts/s': rateOf(r),
    'delivered / expected': r.expected ? r.delivered / r.expected : null,
    [`sent in window, arrived within ${GRACE} s`]: r.expected ? r.arrived / r.expected : null,
    'p50 ms': r.latency.quantile(0.5),
    'p99 ms': r.latency.quantile(0.99),
    'max ms': r.latency.n ? r.latency.max : null,
    'ts → stream p50 / p99 ms': r.latency.n
      ? `${fmt(r.toStream.quantile(0.5))} / ${fmt(r.toStream.quantile(0.99))}`
      : '–',
    'stream → client p50 / p99 ms': r.latency.n
      ? `${fmt(r.fromStream.quantile(0.5))} / ${fmt(r.fromStream.quantile(0.99))}`
      : '–',
    'ingest POST p50 / p99 ms':
      r.name === 'bare' ? '–' : `${fmt(quantile(r.ingestMs, 0.5), 1)} / ${fmt(quantile(r.ingestMs, 0.99), 1)}`,
  }));
  const resources = results.map((r) => ({
    phase: r.name,
    'server CPU %': (100 * r.serverCpuS) / r.seconds,
    'µs CPU / delivered pt': usPer(r),
    'fan-out µs / pt (− idle)': r.name === 'idle' || r.name === 'bare' ? null : fanoutUs(r),
    'server RSS MiB start → end (max)': `${fmt(r.rss.start)} → ${fmt(r.rss.end)} (${fmt(r.rss.max)})`,
    'clients CPU %': (100 * r.clientsCpuS) / r.seconds,
    'clients loop delay p99 / max ms': r.name === 'idle' ? '–' : `${r.clientLoop.p99} / ${r.clientLoop.max}`,
    'kernel queues at end: clients recv / server send KiB':
      r.name === 'idle' ? '–' : `${fmt(r.queues.clientRecvKiB)} / ${fmt(r.queues.serverSendKiB)}`,
    'redis CPU %': (100 * r.redisCpuS) / r.seconds,
    'bench CPU %': (100 * r.parentCpuS) / r.seconds,
    // What the machine (2 cores = 200 %) spent on processes other than these: other work on a shared machine.
    'other CPU %': (100 * (r.machineCpuS - r.serverCpuS - r.clientsCpuS - r.redisCpuS - r.parentCpuS)) / r.seconds,
    load: r.load,
  }));
  const cell = (v: unknown) =>
    typeof v === 'number' ? fmt(v, Number.isInteger(v) || Math.abs(v) >= 10 ? 0 : 2) : v === null ? '–' : String(v);
  const table = <T extends Record<string, unknown>>(rows: T[]) => {
    const columns = Object.keys(rows[0]);
    console.log('');
    console.log(`| ${columns.join(' | ')} |`);
    console.log(`| ${columns.map(() => '---').join(' | ')} |`);
    for (const row of rows) console.log(`| ${columns.map((c) => cell(row[c])).join(' | ')} |`);
  };
  table(delivery);
  table(resources);
  console.log('');
  for (const r of results) {
    if (r.name === 'idle') continue;
    const k = r.byKind;
    const bareLoop = r.bareLoop ? `; bare server loop delay p99 ${r.bareLoop.p99} ms, max ${r.bareLoop.max} ms` : '';
    console.log(
      `${r.name}: delivered / expected: district feeds ${fmt(k.district.delivered)} / ${fmt(k.district.expected)} (p99 ${fmt(k.district.p99)} ms), ` +
        `walls ${fmt(k.wall.delivered)} / ${fmt(k.wall.expected)} (p99 ${fmt(k.wall.p99)} ms); ${fmt(r.events)} events ` +
        `(${fmt(r.delivered / Math.max(1, r.events), 1)} points each); ${r.ticksLate} late ticks; ` +
        `disconnects ${JSON.stringify(r.disconnectReasons)}${bareLoop}`,
    );
  }

  // What the server warned about during the run (its log lines, digits and ids folded, counted).
  const warnings = new Map<string, number>();
  for (const line of svc.output().split('\n')) {
    if (!/\b(WARN|ERROR)\b/.test(line)) continue;
    const text = line
      .replace(/\x1b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex
      .replace(/^.*?\b(WARN|ERROR)\b\s*/, '$1 ')
      .replace(/[0-9a-f]{8,}|\d+/gi, 'N');
    warnings.set(text, (warnings.get(text) ?? 0) + 1);
  }
  if (warnings.size) {
    console.log('');
    console.log('server warnings during the run:');
    for (const [text, n] of [...warnings].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${n} × ${text}`);
  }

  const ceiling = rateOf(bareR);
  const delivered = rateOf(r2k);
  const p99 = r2k.latency.quantile(0.99);
  const p99Slow = slowPhase.latency.quantile(0.99);
  const us2k = usPer(r2k);
  const us10k = big10k ? usPer(big10k) : null;
  const usBare = usPer(bareR);
  const ingestP99 = quantile(r2k.ingestMs, 0.99);
  const ingestP99Idle = quantile(idle.ingestMs, 0.99);
  const rssStart = rssAtStop;
  const rssEnd = slowPhase.rss.end;
  const result = {
    rate_pts_s: RATE,
    sockets: r2k.sockets,
    sockets_big: big10k?.sockets ?? null,
    slow_sockets: slowOrders.length,
    seconds: SECONDS,
    ceiling_pts_s: Math.round(ceiling),
    ceiling_expected_ratio: round(bareR.delivered / bareR.expected, 3),
    expected_pts_s: Math.round(r2k.expected / r2k.seconds),
    delivered_pts_s: Math.round(delivered),
    delivered_expected_ratio: round(r2k.delivered / r2k.expected, 3),
    arrived_within_grace_ratio: round(r2k.arrived / r2k.expected, 3),
    ratio: round(delivered / ceiling, 3),
    p50_ms: r2k.latency.quantile(0.5),
    p99_ms: p99,
    max_ms: r2k.latency.max,
    bare_p50_ms: bareR.latency.quantile(0.5),
    bare_p99_ms: bareR.latency.quantile(0.99),
    to_stream_p50_ms: r2k.toStream.quantile(0.5),
    to_stream_p99_ms: r2k.toStream.quantile(0.99),
    from_stream_p50_ms: r2k.fromStream.quantile(0.5),
    from_stream_p99_ms: r2k.fromStream.quantile(0.99),
    p99_slow_ms: p99Slow,
    slow_phase_delivered_expected_ratio: round(slowPhase.delivered / slowPhase.expected, 3),
    rss_start_mb: round(rssStart),
    rss_end_mb: round(rssEnd),
    rss_max_mb: round(slowPhase.rss.max),
    us_per_point_bare: round(usBare, 2),
    us_per_point_2k: round(us2k, 2),
    us_per_point_10k: round(us10k, 2),
    fanout_us_per_point_2k: round(fanoutUs(r2k), 2),
    fanout_us_per_point_10k: big10k ? round(fanoutUs(big10k), 2) : null,
    server_cpu_pct_idle: round((100 * idle.serverCpuS) / idle.seconds),
    server_cpu_pct_2k: round((100 * r2k.serverCpuS) / r2k.seconds),
    server_cpu_pct_10k: big10k ? round((100 * big10k.serverCpuS) / big10k.seconds) : null,
    delivered_pts_s_10k: big10k ? Math.round(rateOf(big10k)) : null,
    expected_pts_s_10k: big10k ? Math.round(big10k.expected / big10k.seconds) : null,
    p50_ms_10k: big10k?.latency.quantile(0.5) ?? null,
    p99_ms_10k: big10k?.latency.quantile(0.99) ?? null,
    ingest_p50_ms: quantile(r2k.ingestMs, 0.5),
    ingest_p99_ms: ingestP99,
    ingest_p50_ms_idle: quantile(idle.ingestMs, 0.5),
    ingest_p99_ms_idle: ingestP99Idle,
    // CPU % (of 200) the machine spent on other processes during each phase, and the load average: the run's noise.
    other_cpu_pct: Object.fromEntries(
      results.map((r) => [
        r.name,
        round((100 * (r.machineCpuS - r.serverCpuS - r.clientsCpuS - r.redisCpuS - r.parentCpuS)) / r.seconds, 0),
      ]),
    ),
    load: Object.fromEntries(results.map((r) => [r.name, round(r.load)])),
    client_loop_p99_ms: Object.fromEntries(
      results.filter((r) => r.name !== 'idle').map((r) => [r.name, r.clientLoop.p99]),
    ),
    bare_loop_p99_ms: bareR.bareLoop?.p99 ?? null,
    slow_stopped_s: Math.round(stoppedFor),
    slow_tcp_first_closed_s: firstGone?.t ?? null,
    slow_received_after_resume_ratio: round(slowDelivered / slowExpected, 3),
  };
  const check = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'pass' : 'FAIL');
  const targets: [string, string, boolean | null][] = [
    [`p99 at ${r2k.sockets} sockets ≤ 250 ms`, `${fmt(p99)} ms`, p99 === null ? false : p99 <= 250],
    [
      'delivered rate ≥ 0.5 × ceiling',
      `${fmt(delivered)} / ${fmt(ceiling)} = ${fmt(result.ratio, 2)}`,
      result.ratio !== null && result.ratio >= 0.5,
    ],
    [
      'CPU per delivered point ≤ 2 × bare',
      `${fmt(us2k, 2)} / ${fmt(usBare, 2)} µs = ${fmt(us2k !== null && usBare ? us2k / usBare : null, 2)} ×`,
      us2k !== null && usBare !== null && us2k <= 2 * usBare,
    ],
    [
      'slow sockets: others p99 within 10 %',
      `${fmt(p99Slow)} ms vs ${fmt(p99)} ms`,
      p99Slow !== null && p99 !== null && p99Slow <= 1.1 * p99,
    ],
    [
      'slow sockets: server RSS flat (end ≤ start + 10 %)',
      `${fmt(rssStart)} → ${fmt(rssEnd)} MiB`,
      rssStart !== null && rssEnd !== null && rssEnd <= rssStart * 1.1,
    ],
    [
      `cost per delivered point at ${big10k?.sockets ?? '–'} ≤ 1.5 × at ${r2k.sockets}`,
      `${fmt(us10k, 2)} / ${fmt(us2k, 2)} µs = ${fmt(us10k !== null && us2k ? us10k / us2k : null, 2)} ×`,
      us10k === null || us2k === null ? null : us10k <= 1.5 * us2k,
    ],
    [
      'ingest p99 under fan-out ≤ 2 × without',
      `${fmt(ingestP99, 1)} / ${fmt(ingestP99Idle, 1)} ms`,
      ingestP99 !== null && ingestP99Idle !== null && ingestP99 <= 2 * ingestP99Idle,
    ],
  ];
  console.log('');
  console.log('| target | measured | |');
  console.log('| --- | --- | --- |');
  for (const [what, measured, ok] of targets) console.log(`| ${what} | ${measured} | ${check(ok)} |`);
  console.log('');
  console.log(JSON.stringify(result));
}

for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    console.error(`${sig}: tearing down`);
    void teardown().finally(() => process.exit(130));
  });

main()
  .then(teardown, async (err: Error) => {
    console.error(err.stack ?? err);
    if (service) console.error(service.output().slice(-3000));
    await teardown();
    process.exitCode = 1;
  })
  .finally(() => process.exit());
