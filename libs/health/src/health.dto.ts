import { ApiProperty } from '@nestjs/swagger';
import type { HealthReport } from '@app/contracts';

/** OpenAPI description of `GET /health` (implements HealthReport in @app/contracts). */
export class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: ['ok', 'unavailable'], example: 'ok' }) status: 'ok' | 'unavailable';
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) redis: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) database: 'up' | 'down';
  @ApiProperty({ example: 3600 }) uptimeSeconds: number;
}
