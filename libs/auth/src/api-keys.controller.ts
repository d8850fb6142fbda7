import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Role, ROLES, SCOPE_CODE } from '@app/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Allow } from '@app/platform';
import { ApiKeyService, ApiKeySummary, CreatedApiKey } from './api-key.service';

export class CreateApiKeyDto {
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

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  /** The key is in this answer only: it is stored hashed. */
  @Post()
  @Allow('admin')
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.apiKeys.create(body);
  }

  @Get()
  @Allow('admin')
  list(): Promise<ApiKeySummary[]> {
    return this.apiKeys.list();
  }

  @Delete(':id')
  @Allow('admin')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.apiKeys.delete(id);
  }
}
