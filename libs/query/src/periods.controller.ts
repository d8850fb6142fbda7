import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { KeyPrincipal, PeriodsAnswer, PeriodSummary, RevisionsAnswer, SummariesAnswer } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { PeriodQueryService } from './period-query.service';
import { PeriodsAnswerDto, PeriodSummaryDto, RevisionsAnswerDto, SummariesAnswerDto } from './query.dto';

/** A wall's tiles at once: the summary of every period indicator of a scope. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/summaries')
export class SummariesController {
  constructor(private readonly query: PeriodQueryService) {}

  @Get()
  @Allow('read')
  @ApiQuery({ name: 'scope', required: true, example: '718' })
  @ApiQuery({ name: 'period', required: true, example: '2026-10', description: 'a day, month, quarter or year' })
  @ApiQuery({ name: 'domain', required: false, example: 'finance' })
  @ApiOkResponse({ type: SummariesAnswerDto })
  list(
    @Principal() principal: KeyPrincipal,
    @Query('scope') scope?: string,
    @Query('period') period?: string,
    @Query('domain') domain?: string,
  ): Promise<SummariesAnswer> {
    return this.query.summaries(principal, { scope, period, domain });
  }
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/series')
export class PeriodsController {
  constructor(private readonly query: PeriodQueryService) {}

  @Get(':indicator/:scope/periods')
  @Allow('read')
  @ApiQuery({ name: 'from', required: false, example: '2025-01', description: 'first period (default: 11 before to)' })
  @ApiQuery({ name: 'to', required: false, example: '2026-10', description: 'last period (default: the current one)' })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'epoch ms or ISO-8601: the values as known then (not in the future)',
  })
  @ApiOkResponse({ type: PeriodsAnswerDto })
  periods(
    @Principal() principal: KeyPrincipal,
    @Param('indicator') indicator: string,
    @Param('scope') scope: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('asOf') asOf?: string,
  ): Promise<PeriodsAnswer> {
    return this.query.periods(principal, indicator, scope, { from, to, asOf });
  }

  @Get(':indicator/:scope/revisions')
  @Allow('read')
  @ApiQuery({ name: 'period', required: true, example: '2026-10' })
  @ApiOkResponse({ type: RevisionsAnswerDto })
  revisions(
    @Principal() principal: KeyPrincipal,
    @Param('indicator') indicator: string,
    @Param('scope') scope: string,
    @Query('period') period?: string,
  ): Promise<RevisionsAnswer> {
    return this.query.revisions(principal, indicator, scope, period);
  }

  @Get(':indicator/:scope/summary')
  @Allow('read')
  @ApiQuery({ name: 'period', required: true, example: '2026-10' })
  @ApiOkResponse({ type: PeriodSummaryDto })
  summary(
    @Principal() principal: KeyPrincipal,
    @Param('indicator') indicator: string,
    @Param('scope') scope: string,
    @Query('period') period?: string,
  ): Promise<PeriodSummary> {
    return this.query.summary(principal, indicator, scope, period);
  }
}
