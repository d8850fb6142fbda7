import { Controller, Get, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowToken, type AuthenticatedRequest } from '@app/platform';
import type { Response } from 'express';
import { Metrics } from './metrics.service';

/** GET /metrics: Prometheus text format, for admin keys and the IOC_METRICS_TOKEN bearer token. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @AllowToken('metricsToken')
  @ApiOkResponse({ description: 'Prometheus text exposition format (docs/operations.md, "Metrics")' })
  async get(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    // Fail closed: an app composed without the global key guard must not serve metrics to anyone.
    if (!req.callerName)
      throw new UnauthorizedException('missing or unknown API key: send Authorization: Bearer <key>');
    const body = await this.metrics.scrape();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return body;
  }
}
