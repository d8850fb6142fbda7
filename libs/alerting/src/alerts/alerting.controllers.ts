import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  type Alert,
  type AlertList,
  type AlertRule,
  type AlertWithDeliveries,
  alertLang,
  type KeyPrincipal,
  type Silence,
} from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { AlertRules } from '../rules/alert-rules.service';
import { Silences } from '../silences/silences.service';
import { AlertDto, AlertListDto, AlertWithDeliveriesDto, SilenceDto } from './alerting.dto';
import { type AlertQuery, AlertsService } from './alerts.service';

const LANG_HEADER = {
  name: 'Accept-Language',
  required: false,
  description: 'language of `reason`: vi (default) or en',
};

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alert-rules')
export class AlertRulesController {
  constructor(
    private readonly rules: AlertRules,
    private readonly alerts: AlertsService,
  ) {}

  @Get()
  @Allow('ack')
  @ApiOperation({ summary: 'Alert rules (a district key: those inside its scopes). Admin, operator, district.' })
  list(@Principal() principal: KeyPrincipal): AlertRule[] {
    return this.rules.visible(principal);
  }

  @Post()
  @Allow('ack')
  @ApiOperation({
    summary:
      'Creates a rule: {indicator, scope?, condition, severity, forSeconds?, renotifySeconds?, channels?, escalate?, enabled?}',
  })
  @ApiBody({
    schema: { type: 'object' },
    examples: {
      aqi: {
        value: {
          indicator: 'environment.aqi',
          condition: { op: '>', value: 150, clear: 130 },
          severity: 'critical',
          forSeconds: 60,
          channels: [{ type: 'webhook', url: 'https://example.gov.vn/hooks/ioc', secret: 'change-me' }],
        },
      },
    },
  })
  create(@Body() body: unknown, @Principal() principal: KeyPrincipal): Promise<AlertRule> {
    return this.rules.create(body, principal);
  }

  @Patch(':id')
  @Allow('ack')
  @ApiOperation({
    summary: 'Changes {enabled?, severity?, channels?, forSeconds?, condition?, renotifySeconds?, escalate?}',
  })
  patch(@Param('id') id: string, @Body() body: unknown, @Principal() principal: KeyPrincipal): Promise<AlertRule> {
    return this.rules.patch(id, body, principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow('ack')
  async remove(@Param('id') id: string, @Principal() principal: KeyPrincipal): Promise<void> {
    await this.rules.remove(id, principal);
    await this.alerts.ruleDeleted(id);
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Allow('read')
  @ApiHeader(LANG_HEADER)
  @ApiOperation({
    summary: 'Alerts, newest first; filters repeatable or comma-separated; `before` = an alert id (next page)',
  })
  @ApiQuery({ name: 'state', required: false, enum: ['firing', 'acknowledged', 'resolved'] })
  @ApiQuery({ name: 'scope', required: false })
  @ApiQuery({ name: 'indicator', required: false })
  @ApiQuery({ name: 'severity', required: false, enum: ['info', 'warning', 'critical'] })
  @ApiQuery({ name: 'limit', required: false, description: 'default 100, at most 1000' })
  @ApiQuery({ name: 'before', required: false })
  @ApiOkResponse({ type: AlertListDto })
  async list(
    @Query() q: AlertQuery,
    @Principal() principal: KeyPrincipal,
    @Headers('accept-language') lang?: string,
  ): Promise<AlertList> {
    return { alerts: await this.alerts.list(q, principal, alertLang(lang)) };
  }

  @Get(':id')
  @Allow('read')
  @ApiHeader(LANG_HEADER)
  @ApiOperation({ summary: 'One alert with `deliveries`: every try of every channel' })
  @ApiOkResponse({ type: AlertWithDeliveriesDto })
  get(
    @Param('id') id: string,
    @Principal() principal: KeyPrincipal,
    @Headers('accept-language') lang?: string,
  ): Promise<AlertWithDeliveries> {
    return this.alerts.get(id, principal, alertLang(lang));
  }

  @Post(':id/ack')
  @HttpCode(200)
  @Allow('ack')
  @ApiHeader(LANG_HEADER)
  @ApiOperation({ summary: 'Acknowledges a firing alert {note?}; records who (the key name)' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { note: { type: 'string', maxLength: 2000 } } } })
  @ApiOkResponse({ type: AlertDto, description: 'the alert, now acknowledged' })
  ack(
    @Param('id') id: string,
    @Body() body: unknown,
    @Principal() principal: KeyPrincipal,
    @Headers('accept-language') lang?: string,
  ): Promise<Alert> {
    return this.alerts.acknowledge(id, body, principal, alertLang(lang));
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/silences')
export class SilencesController {
  constructor(
    private readonly silences: Silences,
    private readonly alerts: AlertsService,
  ) {}

  @Get()
  @Allow('ack')
  @ApiOkResponse({ type: [SilenceDto] })
  list(@Principal() principal: KeyPrincipal): Silence[] {
    return this.silences.visible(principal);
  }

  @Post()
  @Allow('ack')
  @ApiOperation({ summary: 'Silences {indicator?, scope?, ruleId?, startsAt?, endsAt, comment}' })
  @ApiCreatedResponse({ type: SilenceDto })
  create(@Body() body: unknown, @Principal() principal: KeyPrincipal): Promise<Silence> {
    return this.silences.create(body, principal, (id) => this.alerts.ruleExists(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow('ack')
  remove(@Param('id') id: string, @Principal() principal: KeyPrincipal): Promise<void> {
    return this.silences.remove(id, principal);
  }
}
