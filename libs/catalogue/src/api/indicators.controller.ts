import { BadRequestException, Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { IndicatorInfo } from '@app/contracts';
import { Allow } from '@app/platform';
import type { Response } from 'express';
import { CatalogueCache } from '../catalogue-cache';
import { CatalogueService } from '../catalogue.service';
import { CreateIndicatorDto, IndicatorDto, PutIndicatorDto } from './catalogue.dto';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly cache: CatalogueCache,
  ) {}

  @Get()
  @Allow('read')
  @ApiQuery({ name: 'domain', required: false, isArray: true, description: 'repeatable' })
  @ApiOkResponse({ type: [IndicatorDto] })
  list(@Query('domain') domain?: string | string[]): readonly IndicatorInfo[] {
    if (domain === undefined) return this.cache.indicators();
    const wanted = new Set((Array.isArray(domain) ? domain : [domain]).flatMap((d) => String(d).split(',')));
    return this.cache.indicators().filter((i) => wanted.has(i.domain));
  }

  @Get(':code')
  @Allow('read')
  @ApiOkResponse({ type: IndicatorDto })
  get(@Param('code') code: string): Promise<IndicatorInfo> {
    return this.catalogue.getIndicator(code);
  }

  @Post()
  @Allow('admin')
  @ApiCreatedResponse({ type: IndicatorDto })
  create(@Body() body: CreateIndicatorDto): Promise<IndicatorInfo> {
    const { code, ...fields } = body;
    return this.catalogue.createIndicator(code, fields);
  }

  /** Creates the indicator (201) or replaces its fields (200). */
  @Put(':code')
  @Allow('admin')
  @ApiOkResponse({ type: IndicatorDto, description: 'replaced' })
  @ApiCreatedResponse({ type: IndicatorDto, description: 'created' })
  async put(
    @Param('code') code: string,
    @Body() body: PutIndicatorDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IndicatorInfo> {
    const { code: bodyCode, ...fields } = body;
    if (bodyCode !== undefined && bodyCode !== code) {
      throw new BadRequestException(`code: "${bodyCode}" in the body differs from "${code}" in the path`);
    }
    const { created, indicator } = await this.catalogue.putIndicator(code, fields);
    res.status(created ? 201 : 200);
    return indicator;
  }
}
