import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { PresenceAnswer } from '@app/contracts';
import { Allow, ErrorBodyDto } from '@app/platform';
import { LivePresence } from './live-presence.service';
import { PresenceAnswerDto } from './presence.dto';

@ApiTags('live')
@ApiBearerAuth()
@Controller('api/v1/presence')
export class PresenceController {
  constructor(private readonly presence: LivePresence) {}

  @Get()
  @Allow('monitor')
  @ApiOperation({
    summary: 'Open /live sockets of every gateway process (admin, operator)',
    description:
      'One row per socket: {id, keyName, role, scopes?, subscription, gateway, connectedAt, lastCursor, address}. ' +
      "This process's sockets are current; another process's are as it last wrote them (every IOC_PRESENCE_SECONDS, " +
      'and within a second of a socket connecting or closing).',
  })
  @ApiOkResponse({ type: PresenceAnswerDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'no key, or an unknown or revoked one' })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: "the key's role may not monitor (only admin and operator may)",
  })
  async list(): Promise<PresenceAnswer> {
    return { connections: await this.presence.list() };
  }
}
