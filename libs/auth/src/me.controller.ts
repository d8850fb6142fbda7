import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { capabilitiesOf, type KeyIdentity, type KeyPrincipal } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { KeyIdentityDto } from './api-key.dto';

/** `GET /api/v1/me`: who the calling key is. Every role may ask (`read` or `ingest` covers them all). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @Allow('read', 'ingest')
  @ApiOkResponse({ type: KeyIdentityDto, description: 'the calling key: name, role, scopes and what it may do' })
  @ApiUnauthorizedResponse({ description: 'no key, or an unknown one' })
  me(@Principal() key: KeyPrincipal): KeyIdentity {
    return { name: key.name, role: key.role, scopes: key.scopes, capabilities: capabilitiesOf(key.role) };
  }
}
