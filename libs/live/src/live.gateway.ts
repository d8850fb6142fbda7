import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { ApiKeyService, createSocketAuthMiddleware } from '@app/auth';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/metrics';
import {
  alertLang,
  type AlertLang,
  IndicatorPoint,
  KeyPrincipal,
  LIVE_NAMESPACE,
  SubscribeAck,
  UnsubscribeAck,
} from '@app/contracts';
import type { IncomingMessage } from 'node:http';
import type { Counter } from 'prom-client';
import type { Namespace } from 'socket.io';
import { FRAGMENT_PARSER, JsonFragment } from './json-fragment';
import { LiveDrain } from './live-drain.service';
import { LiveHub, type LiveSocket } from './live-hub.service';
import { LiveKeyWatch } from './live-key-watch';
import { LiveLimits } from './live-limits.service';
import { LivePresence } from './live-presence.service';
import { SlicedQueue } from './sliced-queue';
import { parseSubscribeRequest } from './subscribe-request.dto';

/** Refused events a socket may send after being told "rate limited" before it is disconnected. */
const STRIKES_BEFORE_DISCONNECT = 10;

type AllowRequest = (req: IncomingMessage, answer: (err: string | null, ok: boolean) => void) => void;

/** Each snapshot (shared by identical subscriptions) is encoded once. */
const encodedSnapshots = new WeakMap<object, JsonFragment>();

/**
 * Socket.IO namespace /live: authenticates each socket, applies the per-key and per-address socket
 * limits and the event rate limits, then hands subscriptions to the LiveHub.
 */
/** A connection that joins no namespace within this time (its connect was refused, say) is closed. */
const CONNECT_TIMEOUT_MS = 10_000;

@WebSocketGateway({
  namespace: LIVE_NAMESPACE,
  cors: { origin: true },
  parser: FRAGMENT_PARSER,
  connectTimeout: CONNECT_TIMEOUT_MS,
})
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger('LiveGateway');
  private keyWatch?: LiveKeyWatch;
  /** Answers with a snapshot are sent in slices of the event loop (a burst of them never blocks it). */
  private readonly answers = new SlicedQueue();
  private namespace?: Namespace;
  private readonly refused: Counter<'limit'>;

  constructor(
    private readonly hub: LiveHub,
    private readonly apiKeys: ApiKeyService,
    private readonly limits: LiveLimits,
    private readonly config: AppConfig,
    private readonly presence: LivePresence,
    private readonly drain: LiveDrain,
    metrics: Metrics,
  ) {
    metrics.gauge({
      name: 'ioc_live_sockets',
      help: 'Open /live sockets in this gateway process',
      collect: () => this.namespace?.sockets.size ?? 0,
    });
    this.refused = metrics.counter({
      name: 'ioc_live_refused_total',
      help: 'Handshakes, sockets and socket events refused by a limit, by limit',
      labelNames: ['limit'],
    });
  }

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    // Engine.io asks this on every new connection's first HTTP request (the handshake), before upgrading.
    const engine = namespace.server.engine as unknown as { opts: { allowRequest?: AllowRequest } };
    engine.opts.allowRequest = (req, answer) => {
      if (this.limits.takeHandshake(req.socket.remoteAddress ?? '')) return answer(null, true);
      this.refused.inc({ limit: 'handshakes_per_address' });
      answer('too many new connections from this address', false);
    };
    namespace.use(createSocketAuthMiddleware(this.apiKeys));
    namespace.use((socket, next) => {
      const refused = this.limits.refuseSocket(principalOf(socket).id, socket.handshake.address);
      if (!refused) return next();
      this.refused.inc({ limit: 'sockets' });
      next(new Error(refused));
      // The connection carries nothing else: closed once the refusal is written, not left to time out
      // (thousands of refused connections held for seconds would weigh on the others).
      setImmediate(() => socket.conn.close());
    });
    this.keyWatch = new LiveKeyWatch(namespace, this.apiKeys, this.logger);
    this.presence.attach(namespace);
    this.drain.attach(namespace);
  }

  onModuleDestroy(): void {
    this.keyWatch?.stop();
  }

  handleConnection(socket: LiveSocket): void {
    const principal = principalOf(socket);
    const address = socket.handshake.address;
    socket.data.lang = socketLang(socket);
    this.limits.socketOpened(principal.id, address);
    socket.once('disconnect', () => this.limits.socketClosed(principal.id, address));
    const bucket = this.limits.socketBucket();
    let strikes = 0;
    socket.use((packet, next) => {
      if (bucket.take() && this.limits.takeKeyEvent(principal.id)) {
        strikes = 0;
        return next();
      }
      this.refused.inc({ limit: 'events' });
      const ack = packet[packet.length - 1];
      if (typeof ack === 'function') (ack as (a: unknown) => void)({ ok: false, error: 'rate limited' });
      if (++strikes > STRIKES_BEFORE_DISCONNECT) socket.disconnect(true);
    });
  }

  handleDisconnect(socket: LiveSocket): void {
    this.hub.unsubscribe(socket);
  }

  /** One subscribe at a time per socket: the next waits for the previous one's answer. */
  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
    @Ack() ack: (answer: SubscribeAck) => void,
  ): Promise<void> {
    const previous = (socket.data.subscribing as Promise<void> | undefined) ?? Promise.resolve();
    const turn = previous.then(async () => {
      if (!socket.connected) return;
      // The subscription sends nothing (catch-up, live values) before its ack is written.
      let answered!: () => void;
      const written = new Promise<void>((done) => (answered = done));
      try {
        const answer = await this.answerSubscribe(socket, body, written);
        if (typeof ack !== 'function') return;
        if (!answer.ok || answer.snapshot.length === 0) return ack(answer);
        await this.answers.run(() => socket.connected && ack(withEncodedSnapshot(answer)));
      } finally {
        answered();
      }
    });
    socket.data.subscribing = turn;
    await turn;
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: LiveSocket, @Ack() ack: (answer: UnsubscribeAck) => void): void {
    this.hub.unsubscribe(socket);
    if (typeof ack === 'function') ack({ ok: true });
  }

  private async answerSubscribe(socket: LiveSocket, body: unknown, written: Promise<void>): Promise<SubscribeAck> {
    try {
      const req = await parseSubscribeRequest(body, this.config.maxJsonDepth);
      if (typeof req === 'string') return { ok: false, error: req };
      return await this.hub.subscribe(socket, principalOf(socket), req, written);
    } catch (err) {
      this.logger.warn(`subscribe failed: ${(err as Error).message}`);
      return { ok: false, error: 'the live service could not read the latest values; retry' };
    }
  }
}

/** The ack with its snapshot as JSON encoded once per snapshot (the client receives the same JSON). */
function withEncodedSnapshot(answer: SubscribeAck & { ok: true }): SubscribeAck {
  const points = answer.snapshot;
  if (points.length === 0) return answer;
  let encoded = encodedSnapshots.get(points);
  if (!encoded) {
    encoded = new JsonFragment(JSON.stringify(points));
    encodedSnapshots.set(points, encoded);
  }
  // Typed as points: on the wire it is the same JSON (FragmentEncoder writes it in place).
  return { ...answer, snapshot: encoded as unknown as IndicatorPoint[] };
}

function principalOf(socket: { data: { principal?: unknown } }): KeyPrincipal {
  return socket.data.principal as KeyPrincipal;
}

/** The language of a socket's alert reasons: `auth.lang`, else `?lang=`, else the handshake's Accept-Language. */
function socketLang(socket: LiveSocket): AlertLang {
  const { auth, query, headers } = socket.handshake;
  const asked = [auth?.lang, query?.lang, headers['accept-language']].find((v) => typeof v === 'string' && v !== '');
  return alertLang(asked as string | undefined);
}
