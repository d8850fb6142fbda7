/**
 * Alert evaluation under load (`npm run bench:alerts`): the demo catalogue (1,039 indicators × 10
 * scopes) in one server process, ingest over the HTTP API, 10,000 rules spread over its indicators
 * and scopes. In one run:
 *   1. the ingest rate without rules (clients posting 1,000-point batches as fast as the service takes
 *      them, until the queue is drained; the mean of two runs): the ceiling;
 *   2. the same with the 10,000 rules: `ratio` = 2 / 1, and the server's CPU per point beside 1's
 *      (`eval_us_per_point`, the difference);
 *   3. 5,000 points/s paced, with a breach every second on a rule with a webhook: latency from the
 *      breaching ingest request to the socket `alert` event and to the webhook's arrival, next to the
 *      latency of the same point's `values` event (the live path's own latency, measured alongside).
 * Last line: one JSON object.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DOMAIN_LIST, DEMO_INDICATORS, DEMO_SCOPES } from '@app/demo';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';

const RULES = Number(process.env.BENCH_RULES ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 5000);
const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const BLAST_POINTS = Number(process.env.BENCH_BLAST_POINTS ?? 400_000);
/** Series the paced phase rotates through (default: all of them). */
const PACED_SERIES = process.env.BENCH_PACED_SERIES ? Number(process.env.BENCH_PACED_SERIES) : undefined;

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
};
/** CPU seconds (user + system) of a process so far. */
const cpuOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

async function main(): Promise<void> {
  const port = await freePort();
  const key = `bench-admin-${randomBytes(12).toString('hex')}`;
  const prefix = `benchal${randomBytes(3).toString('hex')}`;
  const dataDir = join(tmpdir(), `ioc-bench-alerts-${prefix}`);
  const env = {
    ...process.env,
    PORT: String(port),
    IOC_DEMO: '0',
    IOC_ADMIN_KEY: key,
    IOC_DATA_DIR: dataDir,
    IOC_REDIS_PREFIX: prefix,
    IOC_ALERT_REFIRE_SECONDS: '0',
    IOC_ALERT_CHANNEL_CAP_PER_HOUR: '100000',
    LOG_LEVEL: 'warn',
  };
  let out = '';
  // BENCH_NODE_ARGS: extra flags for the server, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server: ChildProcess = spawn(process.execPath, [...nodeArgs, 'dist/apps/server/main.js'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => (out += d));
  server.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
  const hook = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const a = JSON.parse(body);
      if (a.state === 'firing') hooked.set(a.scope + '|' + a.firedAt, Date.now());
      res.writeHead(200).end();
    });
  });
  const hooked = new Map<string, number>();
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`the server exited:\n${out.slice(-2000)}`);
      if (
        await fetch(base + '/health').then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300) throw new Error('the server did not start');
      await sleep(200);
    }
    // The demo catalogue through the API, plus the breach indicator.
    const post = async (path: string, body: unknown) => {
      const r = await call('POST', path, body);
      if (r.status !== 201 && r.status !== 409) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    for (const d of DEMO_DOMAIN_LIST) await post('/api/v1/domains', d);
    for (const s of DEMO_SCOPES) await post('/api/v1/scopes', s);
    const indicators = DEMO_INDICATORS.map((i) => i.code);
    for (let i = 0; i < DEMO_INDICATORS.length; i += 20) {
      await Promise.all(
        DEMO_INDICATORS.slice(i, i + 20).map(({ code, domain, name, unit, direction, target }) =>
          post('/api/v1/indicators', {
            code,
            domain,
            name,
            unit,
            direction: direction ?? undefined,
            target: target ?? undefined,
          }),
        ),
      );
    }
    await post('/api/v1/indicators', {
      code: 'environment.bench_breach',
      domain: 'environment',
      name: 'Breach',
      unit: 'u',
    });
    const scopes = DEMO_SCOPES.map((s) => s.code);
    const series = indicators.flatMap((indicator) => scopes.map((scope) => ({ indicator, scope })));
    console.log(`catalogue: ${indicators.length} indicators × ${scopes.length} scopes = ${series.length} series`);

    // Values in [0, 100): none of the 10,000 rules fires.
    let tsBase = 0;
    let blasts = 0;
    const batch = (n: number, start: number, among = series.length) =>
      Array.from({ length: n }, (_, k) => {
        const s = series[(start + k) % among];
        return { ...s, ts: tsBase + Math.floor((start + k) / among), value: ((start + k) * 7919) % 100 };
      });
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const queue = `${prefix}:bull:ioc-ingest`;
    /** Until the ingest queue is empty: every accepted point written (and evaluated). */
    const drained = async () => {
      for (;;) {
        const [wait, active, delayed] = await Promise.all([
          redis.llen(`${queue}:wait`),
          redis.llen(`${queue}:active`),
          redis.zcard(`${queue}:delayed`),
        ]);
        if (wait + active + delayed === 0) return;
        await sleep(20);
      }
    };
    const blast = async (label: string) => {
      // Each run on days of its own (10 to 12 days ago): the same amount of stored data per series-day, so
      // storage costs (rollups of the days written) are the same in every run.
      tsBase = (Math.floor(Date.now() / 86_400_000) - 10 - blasts++) * 86_400_000 + 3_600_000;
      const pid = server.pid!;
      const cpu0 = cpuOf(pid);
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < BLAST_POINTS) {
            const start = next;
            next += 1000;
            const r = await call('POST', '/api/v1/ingest', { points: batch(1000, start) });
            if (r.status !== 202) throw new Error(`ingest: ${r.status} ${JSON.stringify(r.body)}`);
          }
        }),
      );
      await drained();
      const seconds = (performance.now() - t0) / 1000;
      const cpu = cpuOf(pid) - cpu0;
      const rate = BLAST_POINTS / seconds;
      console.log(
        `${label}: ${BLAST_POINTS} points in ${seconds.toFixed(1)} s = ${Math.round(rate)} points/s, server CPU ${((cpu * 1e6) / BLAST_POINTS).toFixed(2)} µs/point`,
      );
      return { rate, cpuUsPerPoint: (cpu * 1e6) / BLAST_POINTS };
    };

    await blast('warm-up');
    // Two runs each, on days of their own: one run's figure moves by ±15 % from run to run here.
    const mean = (a: { rate: number; cpuUsPerPoint: number }, b: { rate: number; cpuUsPerPoint: number }) => ({
      rate: (a.rate + b.rate) / 2,
      cpuUsPerPoint: (a.cpuUsPerPoint + b.cpuUsPerPoint) / 2,
    });
    const without = mean(
      await blast('ingest without rules (ceiling), run 1'),
      await blast('ingest without rules (ceiling), run 2'),
    );

    // 10,000 rules: thresholds out of reach (values stay under 100), spread over indicators and scopes.
    const t = performance.now();
    for (let i = 0; i < RULES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, RULES - i) }, (_, k) => {
          const n = i + k;
          const scope = n % 11 === 10 ? undefined : scopes[n % scopes.length];
          const ops = [
            { op: '>', value: 1e9 + n },
            { op: '<', value: -1e9 },
            { op: 'outside', low: -1e9, high: 1e9 },
            { op: 'change_pct', value: 1e9 },
          ];
          return post('/api/v1/alert-rules', {
            indicator: indicators[n % indicators.length],
            scope,
            condition: ops[n % ops.length],
            severity: 'info',
          });
        }),
      );
    }
    const breachRule = await call('POST', '/api/v1/alert-rules', {
      indicator: 'environment.bench_breach',
      condition: { op: '>', value: 100 },
      severity: 'critical',
      channels: [{ type: 'webhook', url: hookUrl }],
    });
    if (breachRule.status !== 201) throw new Error(JSON.stringify(breachRule.body));
    console.log(`${RULES + 1} rules created in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await sleep(1000);
    const withRules = mean(await blast('ingest with rules, run 1'), await blast('ingest with rules, run 2'));

    // Paced: RATE points/s in 10 batches a second, and one breach a second on its own request.
    const socket = io(`${base}/live`, { auth: { token: key }, transports: ['websocket'] });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const ack = await socket.emitWithAck('subscribe', { indicators: ['environment.bench_breach'] });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    const sentAt = new Map<string, number>();
    const alertLat: number[] = [];
    const valueLat: number[] = [];
    socket.on('alert', (a: { state: string; scope: string; value: number; firedAt: number }) => {
      if (a.state !== 'firing') return;
      const s = sentAt.get(`${a.scope}|${a.value}`);
      if (s !== undefined) alertLat.push(Date.now() - s);
    });
    socket.on('values', (ev: { points: { scope: string; value: number }[] }) => {
      for (const p of ev.points) {
        const s = sentAt.get(`${p.scope}|${p.value}`);
        if (s !== undefined && p.value > 100) valueLat.push(Date.now() - s);
      }
    });
    tsBase = Date.now() - 600_000;
    const stopAt = Date.now() + PACED_SECONDS * 1000;
    let sent = 0;
    let slow = 0;
    let tick = 0;
    const webhookSent: { key: string; at: number }[] = [];
    const paced = (async () => {
      while (Date.now() < stopAt) {
        const tickStart = Date.now();
        const n = Math.round(RATE / 10);
        void call('POST', '/api/v1/ingest', { points: batch(n, sent, PACED_SERIES ?? series.length) });
        sent += n;
        if (tick % 10 === 0) {
          // The breach: this second's scope goes over 100, the previous one back under.
          const second = tick / 10;
          const hi = scopes[second % scopes.length];
          const lo = scopes[(second + scopes.length - 1) % scopes.length];
          const value = 150 + second;
          const at = Date.now();
          sentAt.set(`${hi}|${value}`, at);
          webhookSent.push({ key: hi, at });
          void call('POST', '/api/v1/ingest', {
            points: [
              { indicator: 'environment.bench_breach', scope: lo, ts: at - 1, value: 50 },
              { indicator: 'environment.bench_breach', scope: hi, ts: at, value },
            ],
          });
        }
        tick++;
        const wait = 100 - (Date.now() - tickStart);
        if (wait > 0) await sleep(wait);
        else slow++;
      }
    })();
    await paced;
    await sleep(3000);
    socket.close();
    // Webhook latency: each firing alert's arrival against its breach's send time (same scope, in order).
    const hookLat: number[] = [];
    const arrivals = [...hooked.entries()].map(([k, at]) => ({
      scope: k.split('|')[0],
      firedAt: Number(k.split('|')[1]),
      at,
    }));
    for (const w of webhookSent) {
      const a = arrivals.find((x) => x.scope === w.key && x.firedAt >= w.at - 5 && x.firedAt < w.at + 5000);
      if (a) hookLat.push(a.at - w.at);
    }
    const breaches = webhookSent.length;
    const result = {
      rules: RULES + 1,
      series: series.length,
      rate_points_per_s: RATE,
      breaches,
      socket_alerts: alertLat.length,
      socket_p50_ms: q(alertLat, 0.5),
      socket_p99_ms: q(alertLat, 0.99),
      socket_max_ms: alertLat.length ? Math.max(...alertLat) : null,
      values_p50_ms: q(valueLat, 0.5),
      values_p99_ms: q(valueLat, 0.99),
      webhooks: hookLat.length,
      webhook_p50_ms: q(hookLat, 0.5),
      webhook_p99_ms: q(hookLat, 0.99),
      ingest_without_rules: Math.round(without.rate),
      ingest_with_rules: Math.round(withRules.rate),
      ratio: Math.round((withRules.rate / without.rate) * 100) / 100,
      eval_us_per_point: Math.round((withRules.cpuUsPerPoint - without.cpuUsPerPoint) * 100) / 100,
      paced_ticks_late: slow,
    };
    console.log(
      `paced ${RATE} points/s for ${PACED_SECONDS} s, a breach a second: socket alert p50 ${result.socket_p50_ms} ms, ` +
        `p99 ${result.socket_p99_ms} ms, max ${result.socket_max_ms} ms (the same point's values event: p50 ${result.values_p50_ms}, ` +
        `p99 ${result.values_p99_ms} ms); webhook p50 ${result.webhook_p50_ms} ms, p99 ${result.webhook_p99_ms} ms ` +
        `(${result.socket_alerts}/${breaches} alerts, ${result.webhooks}/${breaches} webhooks)`,
    );
    console.log(
      `targets: socket p99 ≤ 200 ms, webhook p99 ≤ 1000 ms, ratio ≥ 0.8 → ` +
        `${(result.socket_p99_ms ?? Infinity) <= 200 && (result.webhook_p99_ms ?? Infinity) <= 1000 && result.ratio >= 0.8 ? 'met' : 'NOT met'}`,
    );
    console.log(JSON.stringify(result));
    redis.disconnect();
  } finally {
    server.kill('SIGTERM');
    hook.close();
    await sleep(500);
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err);
    process.exit(1);
  },
);
