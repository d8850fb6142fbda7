import { BadRequestException, Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { IngestResult, KeyPrincipal } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { IDEMPOTENCY_HEADER, idempotencyKeyProblem } from './idempotency-key.util';
import { IngestRequestDto, IngestResponseDto } from './ingest.dto';
import { MAYBE_QUEUED_MESSAGE } from './ingest.producer';
import { IDEMPOTENCY_IN_PROGRESS_MESSAGE, IngestService } from './ingest.service';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/v1/ingest')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(202)
  @Allow('ingest')
  @ApiHeader({
    name: IDEMPOTENCY_HEADER,
    required: false,
    description:
      'Optional, 1 to 200 printable ASCII characters. The first answer is remembered for this API key ' +
      '(IOC_IDEMPOTENCY_TTL_SECONDS, default 24 h): a repeat with the same header gets it again (202) and ' +
      'queues nothing, whatever its body.',
  })
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
  @ApiResponse({
    status: 400,
    description:
      'not JSON, not an object, no points array, nested deeper than IOC_MAX_JSON_DEPTH, or a bad Idempotency-Key',
  })
  @ApiResponse({ status: 409, description: IDEMPOTENCY_IN_PROGRESS_MESSAGE })
  @ApiResponse({ status: 413, description: 'more than 10,000 points, or a body over the size limit' })
  @ApiResponse({
    status: 503,
    description: `Redis did not take the batch in time. Either nothing was queued, or: "${MAYBE_QUEUED_MESSAGE}"`,
  })
  async post(
    @Body() body: unknown,
    @Principal() principal: KeyPrincipal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<IngestResult> {
    if (idempotencyKey !== undefined) {
      const problem = idempotencyKeyProblem(idempotencyKey);
      if (problem) throw new BadRequestException(problem);
    }
    return this.ingest.ingest(body, principal, idempotencyKey);
  }
}
