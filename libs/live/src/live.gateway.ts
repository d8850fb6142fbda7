import { Logger } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { ApiKeyService, createSocketAuthMiddleware } from '@app/auth';
import { KeyPrincipal, LIVE_NAMESPACE, SubscribeAck, UnsubscribeAck } from '@app/contracts';
import type { Namespace } from 'socket.io';
import { LiveHub, LiveSocket } from './live-hub.service';
import { parseSubscribeRequest } from './subscribe-request.dto';

/** Socket.IO namespace /live: authenticates each socket, then hands subscriptions to the LiveHub. */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true } })
export class LiveGateway implements OnGatewayInit, OnGatewayDisconnect {
  private readonly logger = new Logger('LiveGateway');

  constructor(
    private readonly hub: LiveHub,
    private readonly apiKeys: ApiKeyService,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(createSocketAuthMiddleware(this.apiKeys));
  }

  handleDisconnect(socket: LiveSocket): void {
    this.hub.unsubscribe(socket);
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
    @Ack() ack: (answer: SubscribeAck) => void,
  ): Promise<void> {
    const answer = await this.answerSubscribe(socket, body);
    if (typeof ack === 'function') ack(answer);
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: LiveSocket, @Ack() ack: (answer: UnsubscribeAck) => void): void {
    this.hub.unsubscribe(socket);
    if (typeof ack === 'function') ack({ ok: true });
  }

  private async answerSubscribe(socket: LiveSocket, body: unknown): Promise<SubscribeAck> {
    const req = await parseSubscribeRequest(body);
    if (typeof req === 'string') return { ok: false, error: req };
    try {
      return await this.hub.subscribe(socket, socket.data.principal as KeyPrincipal, req);
    } catch (err) {
      this.logger.error(`subscribe failed: ${(err as Error).stack ?? err}`);
      return { ok: false, error: 'the live service could not read the latest values; retry' };
    }
  }
}
