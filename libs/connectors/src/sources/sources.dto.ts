import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { SOURCE_KINDS, type SourceKind } from '@app/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length } from 'class-validator';

/**
 * `POST /api/v1/sources` body: the shape; what the settings mean is checked by the service
 * (parseHttpSettings: URL, schedule, limits, the mapping's JSONata), with messages naming the field.
 */
export class CreateSourceDto {
  @ApiProperty({ example: 'Cổng dữ liệu mở: AQI theo huyện' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: SOURCE_KINDS, example: 'http' })
  @IsIn(SOURCE_KINDS, { message: 'kind must be "http" or "mqtt"' })
  kind: SourceKind;

  @ApiPropertyOptional({ description: 'true: not run until set back to false' })
  @IsOptional()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({
    example: 'https://opendata.binhduong.gov.vn/api/aqi',
    description: 'http(s) URL to poll, or the broker of an MQTT source (mqtt://host:1883, mqtts://)',
  })
  @IsOptional()
  @IsString()
  url?: string;

  @ApiPropertyOptional({ enum: ['GET', 'POST'], default: 'GET' })
  @IsOptional()
  @IsString()
  method?: string;

  @ApiPropertyOptional({
    example: { Authorization: 'Bearer <token>' },
    description:
      'request headers; values of secret-looking names (Authorization, *token*, *key*, ...) are encrypted and shown as "***"',
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'request body of a POST' })
  @IsOptional()
  @IsString()
  body?: string;

  @ApiPropertyOptional({ example: 300, description: 'seconds between polls (default 60); or give cron' })
  @IsOptional()
  @IsInt({ message: 'intervalSeconds must be a whole number of seconds' })
  intervalSeconds?: number;

  @ApiPropertyOptional({
    example: '*/15 * * * *',
    description: 'cron pattern (Asia/Ho_Chi_Minh), instead of intervalSeconds',
  })
  @IsOptional()
  @IsString()
  cron?: string;

  @ApiPropertyOptional({ example: 10000, description: 'whole request, redirects and body included (100-60000 ms)' })
  @IsOptional()
  @IsInt({ message: 'timeoutMs must be a whole number of milliseconds' })
  timeoutMs?: number;

  @ApiPropertyOptional({ example: 5242880, description: 'largest answer read (bytes, at most 50 MiB)' })
  @IsOptional()
  @IsInt({ message: 'maxBytes must be a whole number of bytes' })
  maxBytes?: number;

  @ApiPropertyOptional({
    example: { each: 'data.items', indicator: '=env.aqi', scope: 'district_code', ts: 'updated_at', value: 'aqi' },
    description:
      '{points: "<JSONata giving [{indicator, scope, ts, value}]>"} or per-field JSONata (docs/connectors.md)',
  })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, unknown>;

  @ApiPropertyOptional({ example: ['sensors/+/aqi'], description: 'MQTT topic patterns' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  topics?: string[];

  @ApiPropertyOptional({ description: 'MQTT user name' })
  @IsOptional()
  @IsString()
  username?: string;

  @ApiPropertyOptional({ description: 'MQTT password (encrypted, shown as "***"; "***" keeps it, null removes it)' })
  @IsOptional()
  @IsString()
  password?: string | null;

  @ApiPropertyOptional({ description: 'MQTT client id (default: made from the source id, the same on every worker)' })
  @IsOptional()
  @IsString()
  clientId?: string;
}

/** `PATCH /api/v1/sources/:id`: any field but `kind`; `headers` replaces them all ("***" keeps a stored value). */
export class UpdateSourceDto extends PartialType(OmitType(CreateSourceDto, ['kind'] as const)) {}

/** The setting fields of a body (what is neither name, kind nor paused), those present. */
export function settingFields(dto: Partial<CreateSourceDto>): Record<string, unknown> {
  const { name: _name, kind: _kind, paused: _paused, ...rest } = dto as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
