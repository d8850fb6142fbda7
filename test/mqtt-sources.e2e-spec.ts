import mqtt, { type MqttClient } from 'mqtt';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { api, seedCatalogue } from './support/api';
import { LOCAL_BROKER, startTestBroker, type TestBroker } from './support/mosquitto';
import { freePort, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/**
 * MQTT sources end to end: a gateway (API) and two worker processes over one Redis and one database,
 * against the machine's Mosquitto (127.0.0.1:1883, a topic prefix of this run) and a Mosquitto of this
 * test's own (a password, for a refused login; restarted mid-stream).
 */
describe('sources: MQTT end to end (gateway + two workers)', () => {
  const run = `ioc-e2e-${randomBytes(5).toString('hex')}`;
  const secretsKey = randomBytes(32).toString('base64');
  const password = `pw-${randomBytes(10).toString('hex')}`;
  let gateway: RunningService;
  let workers: RunningService[] = [];
  let admin: ReturnType<typeof api>;
  let broker: TestBroker;
  let redis: Redis;
  const clients: MqttClient[] = [];

  const publisher = async (url = LOCAL_BROKER, auth: { username?: string; password?: string } = {}) => {
    const c = await mqtt.connectAsync(url, { ...auth, reconnectPeriod: 200 });
    clients.push(c);
    return c;
  };
  const create = async (body: object) => {
    const r = await admin.post('/api/v1/sources', body);
    if (r.status !== 201) throw new Error(`source: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const source = async (id: string) => (await admin.get(`/api/v1/sources/${id}`)).body;
  const latest = async (indicator: string, scope: string) =>
    (await admin.get(`/api/v1/series/${indicator}/${scope}/latest`)).body;
  const stored = async (scope: string, from: number, to: number): Promise<number[]> =>
    ((await admin.get(`/api/v1/series/env.aqi/${scope}/range?from=${from}&to=${to}`)).body.points as any[]).map(
      (p) => p.value,
    );
  const holderPid = async (id: string) => {
    const v = await redis.get(`${gateway.redisPrefix}:connectors:mqtt-lease:${id}`);
    return v === null ? null : Number(v.split(':')[1]);
  };
  /** Publishes {ts: t0 + i s, v: i} with QoS 1 every few ms until stopped; returns what the broker acknowledged. */
  const stream = (client: MqttClient, topic: string, t0: number) => {
    const sent: number[] = [];
    let i = 0;
    let on = true;
    const done = (async () => {
      while (on) {
        const n = i++;
        void client
          .publishAsync(topic, JSON.stringify({ ts: t0 + n * 1000, v: n }), { qos: 1 })
          .then(() => sent.push(n));
        await new Promise((r) => setTimeout(r, 8));
      }
    })();
    return {
      sent,
      count: () => i,
      stop: async () => {
        on = false;
        await done;
        await waitFor(() => sent.length === i, { timeoutMs: 15_000, message: () => `publisher: ${sent.length}/${i}` });
      },
    };
  };
  const missing = (sent: number[], have: number[]) => {
    const got = new Set(have);
    return sent.filter((n) => !got.has(n));
  };

  beforeAll(async () => {
    broker = await startTestBroker('ioc', password);
    const env = { IOC_SOURCE_FAILING_AFTER: '2', IOC_SECRETS_KEY: secretsKey, IOC_MQTT_LEASE_SECONDS: '3' };
    gateway = await startService({ app: 'gateway', env });
    workers = await Promise.all([
      startService({ app: 'worker', env, share: gateway }),
      startService({ app: 'worker', env, share: gateway }),
    ]);
    admin = api(gateway, gateway.adminKey);
    redis = new Redis(gateway.redisUrl);
    await seedCatalogue(gateway);
  });

  afterAll(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    for (const w of workers) await w.cleanup();
    await gateway?.cleanup();
    redis?.disconnect();
    await broker?.stop();
  });

  it('refuses bad MQTT sources with a readable 400', async () => {
    const good = {
      name: 'x',
      kind: 'mqtt',
      url: LOCAL_BROKER,
      topics: [`${run}/aq/+/aqi`],
      mapping: { indicator: '=env.aqi', scope: '$levels[2]', value: 'aqi' },
    };
    const bad: [object, RegExp][] = [
      [{ ...good, url: 'http://127.0.0.1:1883' }, /^url: must be an mqtt:\/\/ or mqtts:\/\/ URL/],
      [{ ...good, url: 'mqtt://ioc:pw@127.0.0.1:1883' }, /^url: must not carry user:password@/],
      [{ ...good, topics: [] }, /^topics: required/],
      [{ ...good, topics: ['aq/#/aqi'] }, /^topics\[0\]: "aq\/#\/aqi": # must be a whole level and the last one/],
      [{ ...good, topics: ['aq/x+/aqi'] }, /^topics\[0\]: "aq\/x\+\/aqi": \+ must be a whole level/],
      [
        { ...good, mapping: { indicator: '=env.aqi', scope: '$levels[', value: 'aqi' } },
        /^mapping\.scope: does not parse/,
      ],
      [{ ...good, intervalSeconds: 60 }, /^intervalSeconds: not a setting of an MQTT source/],
      [{ ...good, password: 'x' }, /^password: needs a username/],
      [{ ...good, clientId: 'a b' }, /^clientId: must be/],
    ];
    for (const [body, message] of bad) {
      const r = await admin.post('/api/v1/sources', body);
      expect({ body, status: r.status, message: r.body?.message }).toEqual({
        body,
        status: 400,
        message: expect.stringMatching(message),
      });
    }
  });

  it('maps messages to points, rejects bad ones with a reason and keeps the good ones around them', async () => {
    const src = await create({
      name: 'Trạm quan trắc',
      kind: 'mqtt',
      url: LOCAL_BROKER,
      topics: [`${run}/aq/+/aqi`, `${run}/num/#`],
      mapping: {
        indicator: '=env.aqi',
        scope: '$levels[2]',
        ts: 'ts',
        value: "$type($payload) = 'number' ? $payload : aqi",
      },
    });
    expect(src).toMatchObject({ kind: 'mqtt', state: 'ok', topics: [`${run}/aq/+/aqi`, `${run}/num/#`] });
    await waitFor(async () => (await source(src.id)).lastSuccessAt !== null, { message: () => 'never connected' });
    const pub = await publisher();
    const ts = Date.now() - 60_000;
    await pub.publishAsync(`${run}/aq/D1/aqi`, JSON.stringify({ aqi: 51, ts }), { qos: 1 });
    await pub.publishAsync(`${run}/aq/D1/aqi`, '{"aqi": "not json', { qos: 1 });
    await pub.publishAsync(`${run}/aq/ZZ/aqi`, JSON.stringify({ aqi: 70, ts }), { qos: 1 });
    await pub.publishAsync(`${run}/aq/D2/aqi`, JSON.stringify({ aqi: 62, ts }), { qos: 1 });
    await pub.publishAsync(`${run}/num/C1`, '37.5', { qos: 1 });
    await waitFor(async () => (await source(src.id)).accepted >= 3 && (await source(src.id)).rejected >= 2, {
      message: () => 'messages not taken',
    });
    const after = await source(src.id);
    expect(after).toMatchObject({ state: 'ok', accepted: 3, rejected: 2, lastError: null, nextRunAt: null });
    expect(after.lastRunAt).toEqual(expect.any(Number));
    const reasons = (after.lastRejected as { reason: string }[]).map((r) => r.reason).sort();
    expect(reasons).toEqual([
      expect.stringMatching(new RegExp(`^topic ${run}/aq/D1/aqi: mapping\\.value`)),
      expect.stringMatching(new RegExp(`^topic ${run}/aq/ZZ/aqi: scope: unknown scope "ZZ"`)),
    ]);
    expect(await latest('env.aqi', 'D1')).toMatchObject({ ts, value: 51 });
    expect(await latest('env.aqi', 'D2')).toMatchObject({ ts, value: 62 });
    expect((await latest('env.aqi', 'C1')).value).toBe(37.5);
    await waitFor(async () => (await latest('system.source_health', src.healthScope))?.value === 1);

    // Paused: disconnected (nothing taken), its session kept; deleted: 204.
    expect((await admin.patch(`/api/v1/sources/${src.id}`, { paused: true })).body.state).toBe('paused');
    await waitFor(async () => (await holderPid(src.id)) === null, { message: () => 'paused source still held' });
    expect((await admin.delete(`/api/v1/sources/${src.id}`)).status).toBe(204);
  });

  it('a refused login and a closed port make a failing source, in words; the right password works and is never shown', async () => {
    const closed = await freePort();
    const [refused, nobody] = await Promise.all([
      create({
        name: 'wrong password',
        kind: 'mqtt',
        url: broker.url,
        username: 'ioc',
        password: 'wrong',
        topics: [`${run}/auth/#`],
        mapping: { indicator: '=env.aqi', scope: '=D1', value: 'aqi' },
      }),
      create({
        name: 'closed port',
        kind: 'mqtt',
        url: `mqtt://127.0.0.1:${closed}`,
        topics: [`${run}/x/#`],
        mapping: { indicator: '=env.aqi', scope: '=D1', value: 'aqi' },
      }),
    ]);
    expect(refused.password).toBe('***');
    await waitFor(async () => (await source(refused.id)).state === 'failing', { message: () => 'never failing' });
    expect((await source(refused.id)).lastError).toMatch(/Connection refused: Not authorized/);
    await waitFor(async () => (await latest('system.source_health', refused.healthScope))?.value === 0);
    await waitFor(async () => (await source(nobody.id)).state === 'failing');
    expect((await source(nobody.id)).lastError).toMatch(/connection refused \(nothing listens there\)/);

    // The right password (the mask keeps the stored one when other settings change).
    await admin.patch(`/api/v1/sources/${refused.id}`, { password });
    await admin.patch(`/api/v1/sources/${refused.id}`, { password: '***', name: 'right password' });
    await waitFor(async () => (await source(refused.id)).state === 'ok', { message: () => 'never recovered' });
    const pub = await publisher(broker.url, { username: 'ioc', password });
    await pub.publishAsync(`${run}/auth/x`, JSON.stringify({ aqi: 44 }), { qos: 1 });
    await waitFor(async () => (await source(refused.id)).accepted === 1);
    expect((await source(refused.id)).password).toBe('***');
    expect(JSON.stringify((await admin.get('/api/v1/sources')).body)).not.toContain(password);
    for (const svc of [gateway, ...workers]) expect(svc.output()).not.toContain(password);
    await admin.delete(`/api/v1/sources/${refused.id}`);
    await admin.delete(`/api/v1/sources/${nobody.id}`);
  });

  it('a broker restart mid-stream loses nothing', async () => {
    const src = await create({
      name: 'restart',
      kind: 'mqtt',
      url: broker.url,
      username: 'ioc',
      password,
      topics: [`${run}/restart`],
      mapping: { indicator: '=env.aqi', scope: '=D2', ts: 'ts', value: 'v' },
    });
    await waitFor(async () => (await source(src.id)).lastSuccessAt !== null);
    const t0 = Date.now() - 2 * 3_600_000;
    const pub = await publisher(broker.url, { username: 'ioc', password });
    const s = stream(pub, `${run}/restart`, t0);
    await waitFor(async () => (await source(src.id)).accepted >= 30);
    await broker.restart();
    const before = s.count();
    await waitFor(async () => (await source(src.id)).accepted >= before + 30, {
      timeoutMs: 15_000,
      message: () => 'nothing taken after the restart',
    });
    await s.stop();
    const to = t0 + s.count() * 1000;
    await waitFor(async () => missing(s.sent, await stored('D2', t0, to)).length === 0, {
      message: () => `lost across the restart: ${s.sent.length} sent`,
    });
    await admin.delete(`/api/v1/sources/${src.id}`);
  });

  it('two workers: one holds the source, each message is taken once; kill -9 the holder mid-stream: the other takes over, nothing lost', async () => {
    const topic = `${run}/seq`;
    const src = await create({
      name: 'sequence',
      kind: 'mqtt',
      url: LOCAL_BROKER,
      topics: [topic],
      mapping: { indicator: '=env.aqi', scope: '=C1', ts: 'ts', value: 'v' },
    });
    await waitFor(async () => (await source(src.id)).lastSuccessAt !== null);
    const pids = workers.map((w) => w.pid());
    const first = await holderPid(src.id);
    expect(pids).toContain(first);
    const t0 = Date.now() - 3_600_000;
    const pub = await publisher();
    for (let n = 0; n < 100; n++)
      await pub.publishAsync(topic, JSON.stringify({ ts: t0 + n * 1000, v: n }), { qos: 1 });
    await waitFor(async () => (await source(src.id)).accepted >= 100);
    expect((await source(src.id)).accepted).toBe(100);
    const notHolder = workers.find((w) => w.pid() !== first)!;
    expect(notHolder.output()).not.toMatch(new RegExp(`MQTT source ${src.id} .* held by`));

    // Mid-stream: kill -9 the holder.
    const t1 = t0 + 100_000;
    const s = stream(pub, topic, t1);
    await waitFor(async () => (await source(src.id)).accepted >= 150);
    await workers.find((w) => w.pid() === first)!.kill();
    await waitFor(async () => (await holderPid(src.id)) === notHolder.pid(), {
      timeoutMs: 10_000,
      message: () => 'no takeover',
    });
    const atTakeover = s.count();
    await waitFor(async () => (await stored('C1', t1, t1 + atTakeover * 1000)).length >= atTakeover, {
      message: () => 'the new holder does not take the stream',
    });
    await s.stop();
    const to = t1 + s.count() * 1000;
    await waitFor(async () => missing(s.sent, await stored('C1', t1, to)).length === 0, {
      message: () => `lost in the handover: ${s.sent.length} sent`,
    });
    expect(notHolder.output()).toMatch(new RegExp(`MQTT source ${src.id} .* held by`));
  });
});
