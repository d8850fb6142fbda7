import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ApiKeySummary, CreatedApiKey } from '@app/contracts';
import { Allow } from '@app/platform';
import { ApiKeySummaryDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeyService } from './api-key.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  /** The key is in this answer only: it is stored hashed. */
  @Post()
  @Allow('admin')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.apiKeys.create(body);
  }

  @Get()
  @Allow('admin')
  @ApiOkResponse({ type: [ApiKeySummaryDto], description: 'every key, without its secret' })
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
