import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type ApiKeySummary,
  CAPABILITIES,
  type Capability,
  type CreatedApiKey,
  type KeyIdentity,
  type NewApiKey,
  type Role,
  ROLES,
  SCOPE_CODE,
} from '@app/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

/** The `POST /api/v1/api-keys` body, validated; the answers below describe the API's JSON (OpenAPI). */
export class CreateApiKeyDto implements NewApiKey {
  @ApiProperty({ example: 'Thủ Dầu Một district IOC' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'district' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ example: ['718'], description: 'limits district and ingest keys to these scopes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(SCOPE_CODE, { each: true, message: 'scopes must be scope codes' })
  scopes?: string[];
}

export class CreatedApiKeyDto implements CreatedApiKey {
  @ApiProperty({ example: '3f0c2a4e-8d7b-4a1e-9c55-2b6f1d0e7a90' }) id: string;
  @ApiProperty({ example: 'ioc_Jb0v3…', description: 'shown this once: it is stored hashed' }) key: string;
  @ApiProperty({ example: 'Thủ Dầu Một district IOC' }) name: string;
  @ApiProperty({ enum: ROLES, example: 'district' }) role: Role;
  @ApiProperty({ type: [String], nullable: true, example: ['718'], description: 'null: every scope' })
  scopes: string[] | null;
}

export class ApiKeySummaryDto implements ApiKeySummary {
  @ApiProperty({ example: '3f0c2a4e-8d7b-4a1e-9c55-2b6f1d0e7a90' }) id: string;
  @ApiProperty({ example: 'Thủ Dầu Một district IOC' }) name: string;
  @ApiProperty({ enum: ROLES, example: 'district' }) role: Role;
  @ApiProperty({ type: [String], nullable: true, example: ['718'], description: 'null: every scope' })
  scopes: string[] | null;
  @ApiProperty({ example: 'ioc_Jb0v3x', description: 'the key’s first 10 characters' }) keyPrefix: string;
  @ApiProperty({ example: '2026-11-23T01:00:00.000Z', description: 'ISO-8601' }) createdAt: string;
}

export class KeyIdentityDto implements KeyIdentity {
  @ApiProperty({ example: 'Thủ Dầu Một district IOC' }) name: string;
  @ApiProperty({ enum: ROLES, example: 'district' }) role: Role;
  @ApiProperty({ type: [String], nullable: true, example: ['718'], description: 'null: every scope' })
  scopes: string[] | null;
  @ApiProperty({
    enum: CAPABILITIES,
    isArray: true,
    example: ['read', 'ack'],
    description: 'what the role may do; a district key only inside its scopes',
  })
  capabilities: Capability[];
}
