import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type Alert,
  type AlertList,
  type AlertState,
  type AlertWithDeliveries,
  ALERT_STATES,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type DeliveryTry,
  SEVERITIES,
  type Severity,
  type Silence,
} from '@app/contracts';

/** OpenAPI descriptions of the alerting answers; each implements its type in @app/contracts. */
export class AlertDto implements Alert {
  @ApiProperty({ example: '1795392000000a1b2c3d4' }) id: string;
  @ApiProperty({ example: 'b3c1f0de-52a7-4c36-9a0e-0f5b7c2d9e11' }) ruleId: string;
  @ApiProperty({ example: 'environment.aqi' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ enum: SEVERITIES, example: 'critical' }) severity: Severity;
  @ApiProperty({ enum: ALERT_STATES, example: 'firing' }) state: AlertState;
  @ApiProperty({ example: 163, description: 'the value that breached (or the last value seen)' }) value: number;
  @ApiProperty({ example: 150, description: 'the number that was crossed' }) threshold: number;
  @ApiProperty({ example: 1795392000000, description: 'epoch ms' }) firedAt: number;
  @ApiPropertyOptional({ example: 1795392600000, description: 'epoch ms' }) resolvedAt?: number;
  @ApiPropertyOptional({ example: 1795392100000, description: 'epoch ms' }) acknowledgedAt?: number;
  @ApiPropertyOptional({ example: 'Operator console 1', description: 'the name of the key that acknowledged' })
  acknowledgedBy?: string;
  @ApiPropertyOptional({ example: 'team on site' }) note?: string;
  @ApiProperty({
    example: 'AQI (Thành phố Thủ Dầu Một) = 163, vượt ngưỡng 150',
    description: 'one sentence in the language of Accept-Language (vi by default, en)',
  })
  reason: string;
  @ApiPropertyOptional({ description: 'true while a silence matched its last change: nobody was told of it' })
  silenced?: boolean;
}

export class AlertListDto implements AlertList {
  @ApiProperty({ type: [AlertDto], description: 'newest first' }) alerts: AlertDto[];
}

export class DeliveryTryDto implements DeliveryTry {
  @ApiProperty({ example: 'webhook', description: 'webhook, email or http' }) channel: string;
  @ApiProperty({ example: 'https://example.gov.vn/hooks/ioc', description: 'the URL or e-mail address' }) to: string;
  @ApiProperty({ example: 1 }) try: number;
  @ApiProperty({ example: 1795392000500, description: 'epoch ms' }) at: number;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'sent' }) status: DeliveryStatus;
  @ApiPropertyOptional({ example: 'HTTP 502' }) error?: string;
  @ApiPropertyOptional({ example: 1795392005500, description: 'epoch ms of the next try (status retrying)' })
  nextTryAt?: number;
  @ApiProperty({ example: 'firing', description: 'the alert state the delivery announced' }) state: string;
  @ApiProperty({ example: 'transition', description: 'transition, renotify or escalation' }) purpose: string;
  @ApiProperty({ description: 'the same on every try of one delivery (X-IOC-Delivery)' }) deliveryId: string;
}

export class AlertWithDeliveriesDto extends AlertDto implements AlertWithDeliveries {
  @ApiProperty({ type: [DeliveryTryDto], description: 'every try of every channel, oldest first' })
  deliveries: DeliveryTryDto[];
}

export class SilenceDto implements Silence {
  @ApiProperty() id: string;
  @ApiPropertyOptional({ example: 'environment.aqi' }) indicator?: string;
  @ApiPropertyOptional({ example: '718', description: 'the scope and its descendants' }) scope?: string;
  @ApiPropertyOptional() ruleId?: string;
  @ApiProperty({ example: 1795392000000, description: 'epoch ms' }) startsAt: number;
  @ApiProperty({ example: 1795395600000, description: 'epoch ms' }) endsAt: number;
  @ApiProperty({ example: 'sensor maintenance' }) comment: string;
  @ApiProperty({ example: 'Operator console 1', description: 'the name of the key that created it' })
  createdBy: string;
  @ApiProperty({ example: 1795391990000, description: 'epoch ms' }) createdAt: number;
}
