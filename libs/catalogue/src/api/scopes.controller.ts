import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { KeyPrincipal, ScopeInfo } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { CatalogueCache } from '../catalogue-cache';
import { CatalogueService } from '../catalogue.service';
import { CreateScopeDto, ScopeDto } from './catalogue.dto';
import { UpdateScopeDto } from './scope-map.dto';

const INCLUDE_DOC = {
  name: 'include',
  required: false,
  enum: ['shape'],
  description: "shape: add each scope's outline (GeoJSON) when it has one; left out by default to keep answers small",
} as const;

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api/v1/scopes')
export class ScopesController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly cache: CatalogueCache,
  ) {}

  /** Every scope; a district key gets those inside its own. Shapes only with `?include=shape`. */
  @Get()
  @Allow('read')
  @ApiQuery(INCLUDE_DOC)
  @ApiOkResponse({ type: [ScopeDto] })
  async list(
    @Principal() principal: KeyPrincipal,
    @Query('include') include?: string | string[],
  ): Promise<readonly ScopeInfo[]> {
    const shapes = wantsShape(include);
    const limits = principal.scopes;
    const all = this.cache.scopes();
    const seen = limits ? all.filter((s) => this.cache.isWithin(s.code, limits)) : all;
    if (!shapes) return seen;
    const byCode = await this.catalogue.shapes();
    return seen.map((s) => (byCode.has(s.code) ? { ...s, shape: byCode.get(s.code) } : s));
  }

  @Get(':code')
  @Allow('read')
  @ApiQuery(INCLUDE_DOC)
  @ApiOkResponse({ type: ScopeDto })
  async get(
    @Param('code') code: string,
    @Principal() principal: KeyPrincipal,
    @Query('include') include?: string | string[],
  ): Promise<ScopeInfo> {
    const shapes = wantsShape(include);
    const s = this.cache.scope(code);
    if (!s) throw new NotFoundException(`unknown scope "${code}"`);
    if (principal.scopes && !this.cache.isWithin(code, principal.scopes)) {
      throw new ForbiddenException(`scope ${code} is outside this key's scopes`);
    }
    return shapes ? this.catalogue.getScopeWithShape(code) : s;
  }

  /** Answers the scope as stored, its shape included when one was given. */
  @Post()
  @Allow('admin')
  @ApiCreatedResponse({ type: ScopeDto })
  create(@Body() body: CreateScopeDto): Promise<ScopeInfo> {
    return this.catalogue.createScope(body);
  }

  /**
   * Sets a scope's name, shape and tile: fields left out keep their value, `null` removes a shape or
   * tile. Answers the scope with its shape. Creating a scope stays with POST (404 for an unknown one).
   */
  @Put(':code')
  @Allow('admin')
  @ApiOkResponse({ type: ScopeDto })
  update(@Param('code') code: string, @Body() body: UpdateScopeDto): Promise<ScopeInfo> {
    return this.catalogue.updateScope(code, body);
  }
}

/** Is `include` asking for shapes? Anything else named there is a 400, so a typo does not pass unnoticed. */
function wantsShape(include: string | string[] | undefined): boolean {
  if (include === undefined) return false;
  const names = (Array.isArray(include) ? include : [include]).flatMap((v) => String(v).split(',')).filter(Boolean);
  const unknown = names.filter((n) => n !== 'shape');
  if (unknown.length) throw new BadRequestException(`include: expected "shape", got "${unknown.join(',')}"`);
  return names.length > 0;
}
