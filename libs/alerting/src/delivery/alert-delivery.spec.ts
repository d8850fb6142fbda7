/**
 * Alert delivery against real things: the Redis at 127.0.0.1:6379 (a random key prefix, removed at the
 * end), the service's DatabaseModule on an SQLite file in a temporary folder (its migrations run), an HTTP receiver
 * and an SMTP server in this process. A short retry schedule (waits of 100 ms, 4 tries) keeps it fast;
 * the production schedule has its own unit test.
 */
import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import { AppConfig, ConfigModule } from '@app/config';
import { alertIn, QUEUES, type AlertChannel, type DeliveryTry, type LiveAlert } from '@app/contracts';
import { DatabaseModule } from '@app/database';
import { Metrics, MetricsModule } from '@app/metrics';
import { QueueModule, RedisModule } from '@app/redis';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertDeliveryModule, AlertDeliveryWorkerModule } from './alert-delivery.module';
import { AlertDelivery, DELIVERY_RETRY_DELAYS } from './alert-delivery.service';
import { channelKeyOf, HOUR_MS } from './delivery-id.util';
import { DELIVERY_JOBS } from './delivery-job.type';
import type { DeliveryRequest } from './delivery.types';
import { EmailSender } from './email.sender';
import { PermanentDeliveryError } from './permanent-delivery.error';
import { HttpReceiver, SmtpReceiver, waitFor } from './testing/delivery-receivers';

const REDIS_URL = 'redis://127.0.0.1:6379';
const SHORT_SCHEDULE = [100, 100, 100];
const CAP = 2;
const MB = 1024 * 1024;

let moduleRef: TestingModule;
let delivery: AlertDelivery;
let queue: Queue;
let http: HttpReceiver;
let smtp: SmtpReceiver;
let dir: string;
let prefix: string;

let alertCount = 0;
function makeAlert(over: Partial<LiveAlert> = {}): LiveAlert {
  alertCount++;
  return {
    id: `T${randomBytes(6).toString('hex')}${String(alertCount).padStart(3, '0')}`,
    ruleId: 'rule-1',
    indicator: 'fin.revenue',
    scope: '718',
    severity: 'critical',
    state: 'firing',
    value: 41.2,
    threshold: 50,
    firedAt: Date.now(),
    reasons: {
      vi: 'Thu ngân sách (718) = 41,2 tỷ đồng, dưới 80 % "kế hoạch"',
      en: 'Budget revenue (718) = 41.2 billion VND, under 80 % of "plan"',
    },
    ...over,
  };
}

const request = (alert: LiveAlert, channels: AlertChannel[], over: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  alert,
  indicatorName: 'Thu ngân sách',
  unit: 'tỷ đồng',
  scopeName: 'Quận Hoàn Kiếm',
  channels,
  purpose: 'transition',
  ...over,
});

/** Waits until the alert's ledger satisfies `done`, and returns it. */
async function triesUntil(
  alertId: string,
  done: (tries: DeliveryTry[]) => boolean,
  timeoutMs = 15_000,
): Promise<DeliveryTry[]> {
  let tries: DeliveryTry[] = [];
  await waitFor(
    async () => {
      tries = await delivery.deliveriesOf(alertId);
      return done(tries);
    },
    { timeoutMs, message: () => `ledger of ${alertId}: ${JSON.stringify(tries, null, 1)}` },
  );
  return tries;
}

const statuses = (tries: DeliveryTry[]) => tries.map((t) => [t.try, t.status]);

beforeAll(async () => {
  http = new HttpReceiver();
  smtp = new SmtpReceiver();
  await Promise.all([http.start(), smtp.start()]);
  dir = mkdtempSync(join(tmpdir(), 'ioc-delivery-'));
  prefix = `ioc-test-${randomBytes(4).toString('hex')}`;
  const config = Object.assign(new AppConfig(), {
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
    publicUrl: 'https://ioc.test',
    alertEmailFrom: 'IOC <alerts@ioc.test>',
    alertChannelCapPerHour: CAP,
    databaseUrl: `sqlite:${join(dir, 'ioc.sqlite')}`,
  });
  moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      RedisModule,
      MetricsModule.forRoot({ app: 'test' }),
      QueueModule,
      DatabaseModule,
      AlertDeliveryModule,
      AlertDeliveryWorkerModule,
    ],
  })
    .overrideProvider(DELIVERY_RETRY_DELAYS)
    .useValue(SHORT_SCHEDULE)
    .compile();
  await moduleRef.init();
  delivery = moduleRef.get(AlertDelivery);
  queue = moduleRef.get<Queue>(getQueueToken(QUEUES.alertDelivery));
});

afterAll(async () => {
  await http?.stop();
  await moduleRef?.close();
  await smtp?.stop();
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('webhook delivery', () => {
  /** ioc_alert_delivery_tries_total{channel="webhook", status} as the process counts it. */
  const webhookTries = async (status: string) => {
    const metric = moduleRef.get(Metrics).registry.getSingleMetric('ioc_alert_delivery_tries_total');
    const values = (await metric!.get()).values;
    return values.find((v) => v.labels.channel === 'webhook' && v.labels.status === status)?.value ?? 0;
  };

  it('POSTs the alert object, signed over the raw body, with its delivery id', async () => {
    const url = http.on('/signed', () => 200);
    const alert = makeAlert();
    await delivery.deliver(request(alert, [{ type: 'webhook', url, secret: 'top-secret' }]));
    const tries = await triesUntil(alert.id, (t) => t.some((x) => x.status === 'sent'));
    expect(statuses(tries)).toEqual([[1, 'sent']]);
    expect(tries[0]).toMatchObject({ channel: 'webhook', to: url, state: 'firing', purpose: 'transition' });

    const [received] = http.to('/signed');
    expect(received.method).toBe('POST');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['x-ioc-delivery']).toBe(`${alert.id}.firing.transition.0`);
    // What a receiver does: HMAC the bytes it got, compare in constant time.
    const expected = Buffer.from(`sha256=${createHmac('sha256', 'top-secret').update(received.body).digest('hex')}`);
    const given = Buffer.from(String(received.headers['x-ioc-signature']));
    expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
    expect(JSON.parse(received.body.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(alertIn(alert, 'vi'))));
  });

  it('retries a receiver that answers 500 twice: retrying, retrying, sent, the same X-IOC-Delivery each time', async () => {
    const url = http.on('/flaky', (n) => (n < 2 ? 500 : 200));
    const alert = makeAlert();
    const retryingBefore = await webhookTries('retrying');
    const sentBefore = await webhookTries('sent');
    await delivery.deliver(request(alert, [{ type: 'webhook', url, secret: 's', lang: 'en' }]));
    const tries = await triesUntil(alert.id, (t) => t.some((x) => x.status === 'sent'));
    expect(statuses(tries)).toEqual([
      [1, 'retrying'],
      [2, 'retrying'],
      [3, 'sent'],
    ]);
    // Counted as each try ends (the earlier test's last try may still be counted meanwhile: sent is at least 1 more).
    expect((await webhookTries('retrying')) - retryingBefore).toBe(2);
    expect((await webhookTries('sent')) - sentBefore).toBeGreaterThanOrEqual(1);
    expect(tries[0].error).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/flaky answered HTTP 500: receiver says 500$/);
    expect(tries[0].nextTryAt).toBe(tries[0].at + SHORT_SCHEDULE[0]);
    expect(tries[2].error).toBeUndefined();
    expect(tries[2].nextTryAt).toBeUndefined();

    const received = http.to('/flaky');
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['x-ioc-delivery']))).toEqual(
      new Set([`${alert.id}.firing.transition.0`]),
    );
    for (const r of received) {
      expect(r.headers['x-ioc-signature']).toBe(`sha256=${createHmac('sha256', 's').update(r.body).digest('hex')}`);
      expect(JSON.parse(r.body.toString('utf8')).reason).toBe(alert.reasons.en);
    }
  });

  it('gives up on a receiver that does not answer after the 10 s limit, and tries again', async () => {
    const url = http.on('/hang', (n) => (n === 0 ? 'hang' : 200));
    const alert = makeAlert();
    await delivery.deliver(request(alert, [{ type: 'webhook', url }]));
    const tries = await triesUntil(alert.id, (t) => t.length > 0, 20_000);
    expect(tries[0]).toMatchObject({ try: 1, status: 'retrying' });
    expect(tries[0].error).toMatch(/no answer within 10 s$/);
    const waited = tries[0].at - http.to('/hang')[0].at;
    expect(waited).toBeGreaterThan(9_000);
    expect(waited).toBeLessThan(12_000);
    expect(statuses(await triesUntil(alert.id, (t) => t.some((x) => x.status === 'sent')))).toEqual([
      [1, 'retrying'],
      [2, 'sent'],
    ]);
  });

  it('does not follow a redirect (to 127.0.0.1 here): each try fails, and after the last the delivery is dead', async () => {
    const url = http.on('/moved', () => 302);
    http.on('/internal', () => 200);
    const alert = makeAlert();
    await delivery.deliver(request(alert, [{ type: 'webhook', url }]));
    const tries = await triesUntil(alert.id, (t) => t.some((x) => x.status === 'dead'));
    expect(statuses(tries)).toEqual([
      [1, 'retrying'],
      [2, 'retrying'],
      [3, 'retrying'],
      [4, 'dead'],
    ]);
    expect(tries[0].error).toMatch(
      /answered HTTP 302, a redirect to http:\/\/127\.0\.0\.1:\d+\/internal: not followed \(give the channel the final URL\)$/,
    );
    expect(tries[3].nextTryAt).toBeUndefined();
    expect(http.to('/moved')).toHaveLength(4);
    expect(http.to('/internal')).toHaveLength(0);
    // The dead letter stays in BullMQ's failed set for an operator to see or retry.
    const job = await queue.getJob(`${alert.id}.firing.transition.0`);
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(4);
  });

  it('reads at most 64 KiB of a 100 MB answer and drops the rest unread', async () => {
    const url = http.on('/huge', (n) => ({ status: n === 0 ? 500 : 200, hugeBytes: 100 * MB }));
    const alert = makeAlert();
    await delivery.deliver(request(alert, [{ type: 'webhook', url }]));
    const tries = await triesUntil(alert.id, (t) => t.some((x) => x.status === 'sent'));
    expect(statuses(tries)).toEqual([
      [1, 'retrying'],
      [2, 'sent'],
    ]);
    expect(tries[0].error).toMatch(/answered HTTP 500: x{300}$/);
    await waitFor(() => http.hugeAnswers.length === 2 && http.hugeAnswers.every((a) => a.closed));
    for (const answer of http.hugeAnswers) {
      expect(answer.finished).toBe(false);
      // What the sockets' buffers could take before the client hung up: nowhere near 100 MB.
      expect(answer.written).toBeLessThan(16 * MB);
    }
  });

  it('queues one job for the same request made twice (and again after it was sent)', async () => {
    const url = http.on('/once', () => 200);
    const alert = makeAlert();
    const req = request(alert, [{ type: 'webhook', url }]);
    await Promise.all([delivery.deliver(req), delivery.deliver(req)]);
    await triesUntil(alert.id, (t) => t.some((x) => x.status === 'sent'));
    await delivery.deliver(req);
    const ours = async () =>
      (await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((j) =>
        j.id!.startsWith(alert.id),
      );
    await waitFor(async () => (await queue.getJobCounts('waiting', 'active')).waiting === 0);
    expect((await ours()).map((j) => j.id)).toEqual([`${alert.id}.firing.transition.0`]);
    expect(http.to('/once')).toHaveLength(1);
    expect(await delivery.deliveriesOf(alert.id)).toHaveLength(1);

    // A reminder is another delivery.
    await delivery.deliver({ ...req, purpose: 'renotify', round: 1 });
    await triesUntil(alert.id, (t) => t.filter((x) => x.status === 'sent').length === 2);
    expect(http.to('/once').map((r) => r.headers['x-ioc-delivery'])).toEqual([
      `${alert.id}.firing.transition.0`,
      `${alert.id}.firing.renotify1.0`,
    ]);
  });

  it('records a channel that is invalid at send time as failed, once, without retrying', async () => {
    const alert = makeAlert();
    await delivery.deliver(request(alert, [{ type: 'webhook', url: 'ftp://files.example.vn/x' }]));
    const tries = await triesUntil(alert.id, (t) => t.length > 0);
    expect(tries).toEqual([
      expect.objectContaining({
        try: 1,
        status: 'failed',
        error: 'not sendable: channel.url: must be an http:// or https:// URL',
      }),
    ]);
    const job = await queue.getJob(`${alert.id}.firing.transition.0`);
    await waitFor(async () => (await job!.getState()) === 'failed');
    expect((await queue.getJob(job!.id!))!.attemptsMade).toBe(1);
  });
});

describe('http (templated) delivery', () => {
  it('renders the body for JSON, escaping what the fields hold, with X-IOC-Delivery', async () => {
    const url = http.on('/bot', () => 200);
    const alert = makeAlert({ reasons: { vi: 'dòng 1\ndòng "2" \\ kết thúc', en: 'x' } });
    await delivery.deliver(
      request(alert, [
        {
          type: 'http',
          method: 'POST',
          url: `${url}?chat={{scope}}`,
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t0k3n' },
          body: '{"chat_id": "-100123", "text": "{{severity}}: {{reason}} ({{scopeName}}, {{value}} {{unit}}) {{wallUrl}}"}',
        },
      ]),
    );
    await triesUntil(alert.id, (t) => t.some((x) => x.status === 'sent'));
    const [received] = http.to('/bot');
    expect(received.headers.authorization).toBe('Bearer t0k3n');
    expect(received.headers['x-ioc-delivery']).toBe(`${alert.id}.firing.transition.0`);
    expect(JSON.parse(received.body.toString('utf8'))).toEqual({
      chat_id: '-100123',
      text: `critical: ${alert.reasons.vi} (Quận Hoàn Kiếm, 41.2 tỷ đồng) https://ioc.test/wall?scope=718`,
    });
  });
});

describe('the hourly channel cap', () => {
  it('holds back what is over the cap, records it, and sends one digest at the end of the hour', async () => {
    const url = http.on('/capped', () => 200);
    const channel: AlertChannel = { type: 'webhook', url };
    const alerts = Array.from({ length: 5 }, () => makeAlert());
    for (const a of alerts) await delivery.deliver(request(a, [channel]));
    for (const a of alerts.slice(0, CAP)) await triesUntil(a.id, (t) => t.some((x) => x.status === 'sent'));
    for (const a of alerts.slice(CAP)) {
      const [held] = await delivery.deliveriesOf(a.id);
      expect(held).toMatchObject({ try: 1, status: 'failed', purpose: 'transition' });
      expect(held.error).toMatch(
        /^held back: this channel already had 2 messages this hour \(IOC_ALERT_CHANNEL_CAP_PER_HOUR\)/,
      );
    }

    const digests = (await queue.getDelayed()).filter(
      (j) => j.name === DELIVERY_JOBS.digest && j.data.channelKey === channelKeyOf(channel),
    );
    expect(digests).toHaveLength(1);
    const hourEnd = (Math.floor(digests[0].timestamp / HOUR_MS) + 1) * HOUR_MS;
    expect(Math.abs(digests[0].timestamp + digests[0].delay - hourEnd)).toBeLessThan(1000);

    await digests[0].promote(); // the end of the hour, now
    await waitFor(() => http.to('/capped').length === CAP + 1);
    const digest = http.to('/capped')[CAP];
    expect(digest.headers['x-ioc-event']).toBe('digest');
    expect(digest.headers['x-ioc-delivery']).toBe(digests[0].id);
    const body = JSON.parse(digest.body.toString('utf8'));
    expect(body).toMatchObject({ type: 'digest', cap: CAP, held: 3 });
    expect(body.alerts.map((a: { id: string }) => a.id)).toEqual(alerts.slice(CAP).map((a) => a.id));
    expect(body.alerts[0].reason).toBe(alerts[CAP].reasons.vi);

    const tries = await triesUntil(alerts[4].id, (t) => t.length === 2);
    expect(tries.map((t) => [t.purpose, t.status])).toEqual([
      ['transition', 'failed'],
      ['digest', 'sent'],
    ]);
  });
});

describe('e-mail delivery', () => {
  it('sends one message per channel, in Vietnamese or English, with the reason, value, scope and wall link', async () => {
    const alert = makeAlert({ state: 'acknowledged', acknowledgedAt: Date.now(), acknowledgedBy: 'Trực ban A' });
    await delivery.deliver(
      request(alert, [
        { type: 'email', to: 'vi@ioc.test' },
        { type: 'email', to: 'en@ioc.test', lang: 'en' },
      ]),
    );
    const tries = await triesUntil(alert.id, (t) => t.filter((x) => x.status === 'sent').length === 2);
    expect(tries.map((t) => t.to).sort()).toEqual(['en@ioc.test', 'vi@ioc.test']);
    await waitFor(() => smtp.mails.filter((m) => m.headers['x-ioc-delivery']?.startsWith(alert.id)).length === 2);
    const vi = smtp.mails.find((m) => m.to.includes('vi@ioc.test'))!;
    const en = smtp.mails.find((m) => m.to.includes('en@ioc.test'))!;

    expect(vi.headers['x-ioc-delivery']).toBe(`${alert.id}.acknowledged.transition.0`);
    expect(vi.subject).toContain('[Nghiêm trọng]');
    expect(vi.subject).toContain('Đã xác nhận bởi Trực ban A');
    expect(vi.subject).toContain(alert.reasons.vi);
    for (const part of [
      alert.reasons.vi,
      '41,2 tỷ đồng',
      'Quận Hoàn Kiếm',
      'https://ioc.test/wall?scope=718',
      'Trực ban A',
    ]) {
      expect(vi.text).toContain(part);
    }

    expect(en.headers['x-ioc-delivery']).toBe(`${alert.id}.acknowledged.transition.1`);
    expect(en.subject).toContain('[Critical]');
    expect(en.subject).toContain('Acknowledged by Trực ban A');
    expect(en.subject).toContain(alert.reasons.en);
    for (const part of [alert.reasons.en, '41.2 tỷ đồng', 'Quận Hoàn Kiếm', 'https://ioc.test/wall?scope=718']) {
      expect(en.text).toContain(part);
    }
  });

  it('fails at once, not retried, when no SMTP_URL is configured', async () => {
    const sender = new EmailSender(new AppConfig());
    const alert = makeAlert();
    const sending = sender.send(
      { type: 'email', to: 'ops@ioc.test' },
      {
        kind: 'alert',
        deliveryId: 'x',
        alert,
        indicatorName: 'i',
        unit: '',
        scopeName: 's',
        purpose: 'transition',
      },
    );
    await expect(sending).rejects.toThrow(PermanentDeliveryError);
    await expect(sending).rejects.toThrow('no SMTP_URL configured');
  });
});
