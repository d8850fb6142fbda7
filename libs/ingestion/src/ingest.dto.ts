import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IngestPoint, IngestRequest, IngestResult, RejectedPoint } from '@app/contracts';

/**
 * OpenAPI description of the ingest body and answer (each class implements its type in @app/contracts);
 * the body itself is checked point by point (see IngestService).
 */
export class IngestPointDto implements IngestPoint {
  @ApiProperty({ example: 'finance.budget_revenue', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' })
  indicator: string;

  @ApiProperty({ example: '718', pattern: '^[A-Za-z0-9_-]{1,32}$' })
  scope: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', description: 'epoch milliseconds' },
      { type: 'string', format: 'date-time' },
    ],
    example: '2026-11-23T08:00:00+07:00',
    description:
      'required unless period is given; for a period indicator, the point goes to the start of the period containing ts',
  })
  ts?: number | string;

  @ApiPropertyOptional({
    example: '2026-10',
    description:
      'instead of ts, for a period indicator: 2026-10 (month), 2026-Q3 (quarter), 2026 (year), 2026-10-05 (day), Asia/Ho_Chi_Minh calendar',
  })
  period?: string;

  @ApiProperty({ example: 1234.5, description: 'a finite number' })
  value: number;
}

export class IngestRequestDto implements IngestRequest {
  @ApiProperty({ type: [IngestPointDto], maxItems: 10_000 })
  points: IngestPointDto[];
}

export class RejectedPointDto implements RejectedPoint {
  @ApiProperty({ example: 1 })
  index: number;

  @ApiProperty({ example: 'scope: unknown scope "999"' })
  reason: string;
}

export class IngestResponseDto implements IngestResult {
  @ApiProperty({ example: 1 })
  accepted: number;

  @ApiProperty({ type: [RejectedPointDto] })
  rejected: RejectedPointDto[];
}
