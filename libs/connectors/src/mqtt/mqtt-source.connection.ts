import type { RejectedPoint } from '@app/contracts';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { CompiledMapping } from '../mapping/source-mapping.util';
import { messageInput } from './mqtt-settings.util';

/** Messages taken into one intake call at most, and how long the first of a batch waits for others. */
export const MQTT_BATCH = { maxMessages: 1000, waitMs: 50 } as const;
/** Unacknowledged QoS 1 messages the broker may have in flight to us (MQTT 5 Receive Maximum). */
export const MQTT_RECEIVE_MAXIMUM = 5000;
/** How long the broker keeps the source's session (and queues its messages) while nobody is connected. */
export const MQTT_SESSION_EXPIRY_SECONDS = 7 * 86_400;

/** What a connection needs from its holder: the intake, and where it reports. */
export interface MqttConnectionHooks {
  /** Queues the points durably (PointIntake.take); throws when the queue is unavailable. */
  take(points: Record<string, unknown>[]): Promise<{ accepted: number; rejected: readonly RejectedPoint[] }>;
  /** A connection attempt ended: null when connected, else the error in words. */
  connection(at: number, error: string | null): void;
  /** A batch of messages was taken. */
  messages(at: number, accepted: number, rejected: RejectedPoint[]): void;
  warn(message: string): void;
}

export interface MqttConnectionOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  topics: string[];
  mapping: CompiledMapping;
}

interface Pending {
  topic: string;
  payload: Buffer;
  at: number;
  /** Sends the PUBACK (QoS 1), only if the connection it came on is still the current one. */
  ack: () => void;
}

/**
 * One MQTT source's connection, in the worker that holds the source's lease. QoS 1 subscriptions on a
 * kept session (`clean: false`, a stable client id, a session expiry) so the broker queues messages
 * while nobody holds the source; mqtt.js reconnects on its own. Messages are batched (up to
 * MQTT_BATCH.maxMessages or MQTT_BATCH.waitMs), mapped, and handed to the intake; each PUBACK is sent
 * only after the intake has queued the batch durably (or rejected the message for good). When the
 * intake fails, no ack is sent and the connection is dropped: the broker sends the messages again.
 */
export class MqttSourceConnection {
  private client?: MqttClient;
  private batch: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();
  private attemptError: string | null = null;
  private wasConnected = false;
  private closed = false;

  constructor(
    private readonly options: MqttConnectionOptions,
    private readonly hooks: MqttConnectionHooks,
  ) {}

  start(): void {
    const o = this.options;
    const client = mqtt.connect(o.url, {
      protocolVersion: 5,
      clientId: o.clientId,
      clean: false,
      username: o.username,
      password: o.password,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      reconnectOnConnackError: true,
      resubscribe: false,
      properties: { sessionExpiryInterval: MQTT_SESSION_EXPIRY_SECONDS, receiveMaximum: MQTT_RECEIVE_MAXIMUM },
    });
    this.client = client;
    // The PUBACK waits for the intake: take the message, and tell mqtt.js not to ack it (an error
    // given to its callback skips the PUBACK and goes on with the next packet).
    client.handleMessage = (packet, callback) => {
      this.receive(client, packet as IPublishPacket);
      callback((packet as IPublishPacket).qos === 1 ? DEFERRED_ACK : undefined);
    };
    client.on('connect', () => {
      this.attemptError = null;
      this.wasConnected = true;
      client.subscribe(o.topics, { qos: 1 }, (err, granted) => {
        const refused = (granted ?? []).filter((g) => g.qos >= 128).map((g) => g.topic);
        if (err || refused.length) {
          const error = err ? err.message : `the broker refused the subscription to ${refused.join(', ')}`;
          this.hooks.connection(Date.now(), `${this.where()}: ${error}`);
        } else this.hooks.connection(Date.now(), null);
      });
    });
    client.on('error', (err: Error & { code?: string | number }) => {
      this.attemptError = connectionError(err);
      this.hooks.connection(Date.now(), `${this.where()}: ${this.attemptError}`);
    });
    client.on('close', () => {
      if (this.closed) return;
      if (this.attemptError === null) {
        const error = this.wasConnected ? 'the connection was lost' : 'no answer from the broker within 10 s';
        this.hooks.connection(Date.now(), `${this.where()}: ${error}`);
      }
      this.attemptError = null;
      this.wasConnected = false;
    });
  }

  /** Disconnects at once (a lost lease): nothing more is acked; the broker keeps what is unacked. */
  kill(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.batch = [];
    this.client?.end(true);
  }

  /**
   * Disconnects cleanly: takes what is batched, waits for the intake, then ends the session's
   * connection. `forget`: the source is gone, so the broker may drop its session (session expiry 0).
   */
  async stop(forget = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.flush();
    await Promise.allSettled([...this.inFlight]);
    const client = this.client;
    if (!client) return;
    if (forget && client.connected) {
      await new Promise<void>((done) => client.unsubscribe(this.options.topics, () => done()));
    }
    await new Promise<void>((done) =>
      client.end(false, forget ? { properties: { sessionExpiryInterval: 0 } } : {}, () => done()),
    );
  }

  private where(): string {
    return this.options.url;
  }

  private receive(client: MqttClient, packet: IPublishPacket): void {
    if (this.closed) return;
    const stream = client.stream;
    const messageId = packet.messageId;
    const ack =
      packet.qos === 1 && messageId !== undefined
        ? () => {
            // An ack for a message of an earlier connection is not sent: the broker sends it again.
            if (client.connected && client.stream === stream) sendPuback(client, messageId);
          }
        : () => undefined;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    this.batch.push({ topic: packet.topic, payload, at: Date.now(), ack });
    if (this.batch.length >= MQTT_BATCH.maxMessages) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), MQTT_BATCH.waitMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const work = this.take(batch).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async take(batch: Pending[]): Promise<void> {
    const points: Record<string, unknown>[] = [];
    const origin: { message: number; item: number }[] = [];
    const rejected: RejectedPoint[] = [];
    const reject = (m: Pending, item: number, reason: string) =>
      rejected.push({ index: item, reason: `topic ${m.topic}: ${reason}` });
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i];
      if (m.payload.length === 0) {
        reject(m, 0, 'empty payload');
        continue;
      }
      const { document, bindings } = messageInput(m.topic, m.payload);
      try {
        const mapped = await this.options.mapping.map(document, m.at, { ...bindings, receivedAt: m.at });
        for (const f of mapped.failed) reject(m, f.index, f.reason);
        if (mapped.points.length === 0 && mapped.failed.length === 0) reject(m, 0, 'the mapping gave no point');
        for (const p of mapped.points) {
          points.push(p.point);
          origin.push({ message: i, item: p.index });
        }
      } catch (err) {
        reject(m, 0, (err as Error).message);
      }
    }
    let accepted = 0;
    if (points.length > 0) {
      let res;
      try {
        res = await this.hooks.take(points);
      } catch (err) {
        // Not queued: no ack; a new connection makes the broker send these messages again.
        this.hooks.warn(
          `${this.where()}: points not queued (${(err as Error).message}); reconnecting to get them again`,
        );
        if (!this.closed) this.client?.stream?.destroy();
        return;
      }
      accepted = res.accepted;
      for (const r of res.rejected) {
        const o = origin[r.index];
        reject(batch[o.message], o.item, r.reason);
      }
    }
    if (this.closed && !this.client?.connected) return;
    for (const m of batch) m.ack();
    this.hooks.messages(batch[batch.length - 1].at, accepted, rejected);
  }
}

/** Given to mqtt.js's handleMessage callback: do not send the PUBACK now (we send it after queueing). */
const DEFERRED_ACK = new Error('acknowledged after the intake queued the message');

/**
 * Sends a PUBACK. mqtt.js acks QoS 1 messages one at a time, before the next message is read, which
 * would allow one message per intake round trip; acking batches needs its packet writer.
 */
function sendPuback(client: MqttClient, messageId: number): void {
  (client as unknown as { _sendPacket(packet: object): void })._sendPacket({ cmd: 'puback', messageId, reasonCode: 0 });
}

/** An mqtt.js error in words (never with credentials: the URL has none). */
function connectionError(err: Error & { code?: string | number }): string {
  if (err.code === 'ECONNREFUSED') return 'connection refused (nothing listens there)';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return `the broker's host name does not resolve (${err.code})`;
  if (err.code === 'ECONNRESET') return 'the connection was reset';
  return err.message || String(err);
}
