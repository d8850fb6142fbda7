import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { IndicatorPoint, KeyPrincipal, LatestAnswer, RangeAnswer } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { SeriesQueryService } from './series-query.service';
import { LatestResponseDto, PointDto, RangeResponseDto } from './query.dto';

@ApiTags('series')
@ApiBearerAuth()
@Controller('api/v1')
export class SeriesController {
  constructor(private readonly query: SeriesQueryService) {}

  @Get('series/:indicator/:scope/latest')
  @Allow('read')
  @ApiOkResponse({ type: PointDto })
  latest(
    @Principal() principal: KeyPrincipal,
    @Param('indicator') indicator: string,
    @Param('scope') scope: string,
  ): Promise<IndicatorPoint> {
    return this.query.latest(principal, indicator, scope);
  }

  @Get('series/:indicator/:scope/range')
  @Allow('read')
  @ApiQuery({ name: 'from', required: false, description: 'epoch ms or ISO-8601; default: 24 h before `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'epoch ms or ISO-8601; default: now (both bounds inclusive)' })
  @ApiQuery({
    name: 'step',
    required: false,
    examples: { ms: { value: '3600000' }, calendar: { value: 'month' } },
    description:
      'bucket width in ms (buckets at multiples of step from epoch 0), or a calendar unit `day`, `month`, ' +
      '`quarter`, `year` (buckets at period starts, Asia/Ho_Chi_Minh). Over a period indicator every step ' +
      "is answered by calendar period: the smallest unit at least step long, never finer than the indicator's period",
  })
  @ApiQuery({
    name: 'agg',
    required: false,
    enum: ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'],
    description: 'with step; default avg',
  })
  @ApiOkResponse({ type: RangeResponseDto })
  range(
    @Principal() principal: KeyPrincipal,
    @Param('indicator') indicator: string,
    @Param('scope') scope: string,
    @Query() params: Record<string, unknown>,
  ): Promise<RangeAnswer> {
    return this.query.range(principal, indicator, scope, params);
  }

  @Get('latest')
  @Allow('read')
  @ApiQuery({ name: 'domain', required: false, isArray: true, description: 'repeatable' })
  @ApiQuery({
    name: 'scope',
    required: false,
    isArray: true,
    description: 'repeatable; a scope includes its descendants',
  })
  @ApiQuery({ name: 'indicator', required: false, isArray: true, description: 'repeatable' })
  @ApiOkResponse({ type: LatestResponseDto })
  latestOf(
    @Principal() principal: KeyPrincipal,
    @Query('domain') domain?: string | string[],
    @Query('scope') scope?: string | string[],
    @Query('indicator') indicator?: string | string[],
  ): Promise<LatestAnswer> {
    return this.query.latestOf(principal, { domains: list(domain), scopes: list(scope), indicators: list(indicator) });
  }
}

function list(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter((s) => s !== '');
}
