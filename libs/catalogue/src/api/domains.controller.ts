import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DomainInfo } from '@app/contracts';
import { Allow } from '@app/platform';
import { CatalogueCache } from '../catalogue-cache';
import { CatalogueService } from '../catalogue.service';
import { CreateDomainDto, DomainDto } from './catalogue.dto';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api/v1/domains')
export class DomainsController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly cache: CatalogueCache,
  ) {}

  @Get()
  @Allow('read')
  @ApiOkResponse({ type: [DomainDto] })
  list(): readonly DomainInfo[] {
    return this.cache.domains();
  }

  @Get(':code')
  @Allow('read')
  @ApiOkResponse({ type: DomainDto })
  get(@Param('code') code: string): DomainInfo {
    const d = this.cache.domain(code);
    if (!d) throw new NotFoundException(`unknown domain "${code}"`);
    return d;
  }

  @Post()
  @Allow('admin')
  @ApiCreatedResponse({ type: DomainDto })
  create(@Body() body: CreateDomainDto): Promise<DomainInfo> {
    return this.catalogue.createDomain(body);
  }
}
