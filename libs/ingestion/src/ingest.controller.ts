import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { KeyPrincipal } from '@app/contracts';
import { Allow, Principal } from '@app/auth';
import { IngestRequestDto, IngestResponseDto } from './ingest.dto';
import { IngestResult, IngestService } from './ingest.service';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/v1/ingest')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(202)
  @Allow('ingest')
  @ApiBody({
    type: IngestRequestDto,
    examples: {
      two: {
        value: {
          points: [
            { indicator: 'finance.budget_revenue', scope: '718', ts: '2026-11-23T08:00:00+07:00', value: 1234.5 },
            { indicator: 'environment.aqi', scope: '724', ts: 1795392000000, value: 87 },
          ],
        },
      },
    },
  })
  @ApiResponse({ status: 202, type: IngestResponseDto, description: 'every accepted point is durably queued' })
  @ApiResponse({ status: 400, description: 'not JSON, not an object, or no points array' })
  @ApiResponse({ status: 413, description: 'more than 10,000 points, or a body over the size limit' })
  async post(@Body() body: unknown, @Principal() principal: KeyPrincipal): Promise<IngestResult> {
    return this.ingest.ingest(body, principal);
  }
}
