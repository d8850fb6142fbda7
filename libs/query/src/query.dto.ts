import { ApiProperty } from '@nestjs/swagger';
import type { IndicatorPoint, LatestAnswer, RangeAnswer, TimedValue } from '@app/contracts';

/** OpenAPI descriptions of the query answers; each implements its type in @app/contracts. */

export class PointDto implements IndicatorPoint {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: 1795392000000, description: 'epoch ms' }) ts: number;
  @ApiProperty({ example: 1234.5 }) value: number;
}

export class TimedValueDto implements TimedValue {
  @ApiProperty({ example: 1795392000000 }) ts: number;
  @ApiProperty({ example: 1234.5 }) value: number;
}

export class RangeResponseDto implements RangeAnswer {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ type: [TimedValueDto] }) points: TimedValueDto[];
}

export class LatestResponseDto implements LatestAnswer {
  @ApiProperty({ type: [PointDto] }) points: PointDto[];
}
