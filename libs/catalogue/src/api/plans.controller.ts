import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { KeyPrincipal, PlanInfo, PlansAnswer } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { PlansService } from '../plans.service';
import { PlanDto, PlansAnswerDto, PutPlanDto } from './catalogue.dto';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  /** Sets the year's plan of a period indicator in a scope (a plan is never a point of the series). */
  @Put(':indicator/:scope/:year')
  @Allow('admin')
  @ApiOkResponse({ type: PlanDto })
  put(
    @Principal() principal: KeyPrincipal,
    @Param('indicator') indicator: string,
    @Param('scope') scope: string,
    @Param('year') year: string,
    @Body() body: PutPlanDto,
  ): Promise<PlanInfo> {
    return this.plans.put(principal, indicator, scope, year, body.value);
  }

  @Get()
  @Allow('read')
  @ApiQuery({ name: 'indicator', required: false })
  @ApiQuery({
    name: 'scope',
    required: false,
    description: 'only this scope (a district key sees only its own scopes)',
  })
  @ApiQuery({ name: 'year', required: false, example: 2026 })
  @ApiOkResponse({ type: PlansAnswerDto })
  async list(
    @Principal() principal: KeyPrincipal,
    @Query('indicator') indicator?: string,
    @Query('scope') scope?: string,
    @Query('year') year?: string,
  ): Promise<PlansAnswer> {
    return { plans: await this.plans.list(principal, { indicator, scope, year }) };
  }
}
