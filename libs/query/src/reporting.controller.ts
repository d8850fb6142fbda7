import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { KeyPrincipal, ReportingAnswer } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { ReportingAnswerDto } from './query.dto';
import { ReportingService } from './reporting.service';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/reporting')
export class ReportingController {
  constructor(private readonly reporting: ReportingService) {}

  @Get()
  @Allow('read')
  @ApiQuery({ name: 'period', required: true, example: '2026-10', description: 'a day, month, quarter or year' })
  @ApiQuery({ name: 'scope', required: false, example: '74', description: 'this scope and its descendants' })
  @ApiQuery({ name: 'domain', required: false, example: 'finance' })
  @ApiOkResponse({ type: ReportingAnswerDto })
  list(
    @Principal() principal: KeyPrincipal,
    @Query('period') period?: string,
    @Query('scope') scope?: string,
    @Query('domain') domain?: string,
  ): Promise<ReportingAnswer> {
    return this.reporting.reporting(principal, { period, scope, domain });
  }
}
