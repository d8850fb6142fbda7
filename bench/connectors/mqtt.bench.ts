/**
 * An MQTT source under load (`npm run bench:mqtt`): a gateway and one worker process (built), one MQTT
 * source on a Mosquitto of the bench's own (test/support/mosquitto.ts: `max_queued_messages 100000`, as
 * docs/connectors.md asks of a broker; the stock 1,000 drops QoS 1 messages as soon as the subscriber is
 * 1,000 behind, e.g. on a loaded machine; BENCH_MQTT_URL uses another broker instead), and a publisher in
 * this process sending BENCH_MQTT_RATE messages/s (default 5,000) with QoS 1 for BENCH_MQTT_SECONDS
 * (default 20), each message one point. Measured:
 *   - `mqtt_msgs_s`: messages published / seconds from the first publish until every point is taken
 *     (counted by the source, then checked in storage with a range count per series);
 *   - latency from publish to `GET .../latest`: a probe message every 100 ms on a series of its own,
 *     `latest` polled every 5 ms until it shows the probe (p50 / p99 / max).
 * Last line: one JSON object.
 */
import mqtt from 'mqtt';
import { randomBytes } from 'node:crypto';
import { api, seedCatalogue } from '../../test/support/api';
import { startTestBroker, type TestBroker } from '../../test/support/mosquitto';
import { type RunningService, startService } from '../../test/support/service';

const RATE = Number(process.env.BENCH_MQTT_RATE ?? 5000);
const SECONDS = Number(process.env.BENCH_MQTT_SECONDS ?? 20);
/** How long a probe or the last messages may take before they count as lost (dropped by the broker). */
const LOST_AFTER_MS = 20_000;
/** Series the stream rotates through (seeded scopes). */
const SCOPES = ['D1', 'D2', 'C1'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
};

async function main(): Promise<void> {
  const run = `ioc-bench-${randomBytes(4).toString('hex')}`;
  const env = { IOC_SECRETS_KEY: randomBytes(32).toString('base64') };
  let gateway: RunningService | undefined;
  let worker: RunningService | undefined;
  const user = { username: 'bench', password: randomBytes(8).toString('hex') };
  let broker: TestBroker | undefined;
  if (!process.env.BENCH_MQTT_URL) broker = await startTestBroker(user.username, user.password);
  const BROKER = process.env.BENCH_MQTT_URL ?? broker!.url;
  const auth = broker ? user : {};
  console.log(`broker: ${broker ? `${BROKER} (own Mosquitto, max_queued_messages 100000)` : BROKER}`);
  const pub = await mqtt.connectAsync(BROKER, { clientId: `${run}-pub`, ...auth });
  try {
    gateway = await startService({ app: 'gateway', env });
    worker = await startService({ app: 'worker', env, share: gateway });
    const admin = api(gateway, gateway.adminKey);
    await seedCatalogue(gateway);
    const created = await admin.post('/api/v1/sources', {
      name: 'bench',
      kind: 'mqtt',
      url: BROKER,
      ...auth,
      topics: [`${run}/s/+`],
      mapping: { indicator: '=env.aqi', scope: '$levels[2]', ts: 'ts', value: 'v' },
    });
    if (created.status !== 201) throw new Error(`source: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    const source = async () => (await admin.get(`/api/v1/sources/${id}`)).body;
    while ((await source()).lastSuccessAt === null) await sleep(50);

    // Distinct timestamps per series, in the past: every message is one stored point.
    const total = RATE * SECONDS;
    const t0 = Date.now() - 6 * 3_600_000;
    const perTick = RATE / 100;
    let sent = 0;
    let acked = 0;
    const started = performance.now();
    const publishing = (async () => {
      for (let tick = 0; sent < total; tick++) {
        const due = started + tick * 10;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        for (let k = 0; k < perTick && sent < total; k++, sent++) {
          const n = sent;
          const scope = SCOPES[n % SCOPES.length];
          void pub
            .publishAsync(`${run}/s/${scope}`, JSON.stringify({ ts: t0 + n, v: n }), { qos: 1 })
            .then(() => acked++);
        }
      }
    })();

    // Probes: publish → latest, one at a time, every 100 ms, on scope P.
    const latencies: number[] = [];
    let probesLost = 0;
    const probing = (async () => {
      for (let seq = 1; performance.now() - started < SECONDS * 1000; seq++) {
        const at = performance.now();
        await pub.publishAsync(`${run}/s/P`, JSON.stringify({ ts: Date.now(), v: seq }), { qos: 1 });
        let seen = false;
        while (!seen && performance.now() - at < LOST_AFTER_MS) {
          const l = await admin.get('/api/v1/series/env.aqi/P/latest');
          seen = (l.body?.value as number) >= seq;
          if (!seen) await sleep(5);
        }
        if (!seen) {
          probesLost++;
          continue;
        }
        latencies.push(performance.now() - at);
        await sleep(Math.max(0, 100 - (performance.now() - at)));
      }
    })();

    const progress = setInterval(() => {
      void source().then((s) =>
        console.log(`${((performance.now() - started) / 1000).toFixed(0)} s: published ${sent}, taken ${s.accepted}`),
      );
    }, 2000);
    await publishing;
    const publishSeconds = (performance.now() - started) / 1000;
    await probing;
    // Until every message is taken, or none more came for LOST_AFTER_MS (the rest was lost).
    let taken = 0;
    let progressAt = performance.now();
    for (;;) {
      const now = (await source()).accepted - latencies.length - probesLost;
      if (now !== taken) progressAt = performance.now();
      taken = now;
      if (taken >= total || performance.now() - progressAt > LOST_AFTER_MS) break;
      await sleep(20);
    }
    clearInterval(progress);
    const seconds = ((taken >= total ? performance.now() : progressAt) - started) / 1000;
    // Taken = durably queued; the worker may still be writing the last of them.
    const stored = async () => {
      let n = 0;
      for (const scope of SCOPES) {
        const r = await admin.get(
          `/api/v1/series/env.aqi/${scope}/range?from=${t0}&to=${t0 + total}&step=86400000&agg=count`,
        );
        n += (r.body.points as { value: number }[]).reduce((sum, p) => sum + p.value, 0);
      }
      return n;
    };
    let storedPoints = 0;
    for (let storedAt = performance.now(); ; await sleep(200)) {
      const n = await stored();
      if (n !== storedPoints) storedAt = performance.now();
      storedPoints = n;
      if (storedPoints >= Math.min(taken, total) || performance.now() - storedAt > LOST_AFTER_MS) break;
    }
    const result = {
      mqtt_rate_offered: RATE,
      mqtt_seconds: SECONDS,
      published: sent,
      broker_acked: acked,
      publish_seconds: Math.round(publishSeconds * 100) / 100,
      taken,
      stored: storedPoints,
      mqtt_msgs_s: Math.round(Math.min(taken, total) / seconds),
      latest_p50_ms: q(latencies, 0.5),
      latest_p99_ms: q(latencies, 0.99),
      latest_max_ms: q(latencies, 1),
      probes: latencies.length,
      probes_lost: probesLost,
      lost: Math.max(0, total - taken),
    };
    console.log(
      `published ${sent} in ${result.publish_seconds} s; taken ${taken}, stored ${storedPoints}, in ${seconds.toFixed(2)} s`,
    );
    console.log(JSON.stringify(result));
    await admin.delete(`/api/v1/sources/${id}`);
  } finally {
    await pub.endAsync();
    await worker?.cleanup();
    await gateway?.cleanup();
    await broker?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
