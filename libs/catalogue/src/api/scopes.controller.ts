import { Body, Controller, ForbiddenException, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { KeyPrincipal, ScopeInfo } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { CatalogueCache } from '../catalogue-cache';
import { CatalogueService } from '../catalogue.service';
import { CreateScopeDto, ScopeDto } from './catalogue.dto';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api/v1/scopes')
export class ScopesController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly cache: CatalogueCache,
  ) {}

  /** Every scope; a district key gets those inside its own. */
  @Get()
  @Allow('read')
  @ApiOkResponse({ type: [ScopeDto] })
  list(@Principal() principal: KeyPrincipal): readonly ScopeInfo[] {
    const limits = principal.scopes;
    const all = this.cache.scopes();
    return limits ? all.filter((s) => this.cache.isWithin(s.code, limits)) : all;
  }

  @Get(':code')
  @Allow('read')
  @ApiOkResponse({ type: ScopeDto })
  get(@Param('code') code: string, @Principal() principal: KeyPrincipal): ScopeInfo {
    const s = this.cache.scope(code);
    if (!s) throw new NotFoundException(`unknown scope "${code}"`);
    if (principal.scopes && !this.cache.isWithin(code, principal.scopes)) {
      throw new ForbiddenException(`scope ${code} is outside this key's scopes`);
    }
    return s;
  }

  @Post()
  @Allow('admin')
  @ApiCreatedResponse({ type: ScopeDto })
  create(@Body() body: CreateScopeDto): Promise<ScopeInfo> {
    return this.catalogue.createScope(body);
  }
}
