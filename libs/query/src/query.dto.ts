import { ApiProperty } from '@nestjs/swagger';

export class PointDto {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: 1795392000000, description: 'epoch ms' }) ts: number;
  @ApiProperty({ example: 1234.5 }) value: number;
}

export class TimedValueDto {
  @ApiProperty({ example: 1795392000000 }) ts: number;
  @ApiProperty({ example: 1234.5 }) value: number;
}

export class RangeResponseDto {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ type: [TimedValueDto] }) points: TimedValueDto[];
}

export class LatestResponseDto {
  @ApiProperty({ type: [PointDto] }) points: PointDto[];
}
