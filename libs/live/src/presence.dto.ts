import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type PresenceAnswer, type PresenceConnection, ROLES, type SubscribeRequest } from '@app/contracts';

/** OpenAPI descriptions of the `GET /api/v1/presence` answer; each implements its type in @app/contracts. */

export class PresenceSubscriptionDto implements Omit<SubscribeRequest, 'cursor'> {
  @ApiPropertyOptional({ type: [String], example: ['environment.aqi'] }) indicators?: string[];
  @ApiPropertyOptional({ type: [String], example: ['environment'] }) domains?: string[];
  @ApiPropertyOptional({ type: [String], example: ['718'] }) scopes?: string[];
}

export class PresenceConnectionDto implements PresenceConnection {
  @ApiProperty({ example: 'Hk3vP0x9aQbN2c1dAAAB', description: 'the socket id' }) id: string;
  @ApiProperty({ example: 'Operations room wall 1', description: 'the name of the key the socket connected with' })
  keyName: string;
  @ApiProperty({ enum: ROLES, example: 'viewer' }) role: string;
  @ApiPropertyOptional({ type: [String], example: ['718'], description: "the key's scopes; absent: every scope" })
  scopes?: string[];
  @ApiProperty({
    type: () => PresenceSubscriptionDto,
    nullable: true,
    description: "the socket's current subscription (without its cursor); null before it subscribes",
  })
  subscription: PresenceSubscriptionDto | null;
  @ApiProperty({ example: 'ioc-gw-1:4242', description: 'the gateway process serving the socket: host name:pid' })
  gateway: string;
  @ApiProperty({ example: 1795392000000, description: 'epoch ms' }) connectedAt: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '1795392001000-0',
    description: 'the newest cursor sent to the socket (in an ack, `values` or `heartbeat`); null: none yet',
  })
  lastCursor: string | null;
  @ApiProperty({ example: '10.0.0.12', description: "the client's address as the gateway sees it" }) address: string;
}

export class PresenceAnswerDto implements PresenceAnswer {
  @ApiProperty({ type: [PresenceConnectionDto], description: 'one row per open /live socket, oldest first' })
  connections: PresenceConnectionDto[];
}
