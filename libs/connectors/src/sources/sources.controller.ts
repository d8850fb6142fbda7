import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { KeyPrincipal, SourceInfo, SourceList } from '@app/contracts';
import { ErrorBodyDto, Principal } from '@app/platform';
import { CreateSourceDto, UpdateSourceDto } from './sources.dto';
import { SourceEvents } from '../supervision/source-events.service';
import { SourcesService } from './sources.service';

const SOURCE_SHAPE = {
  description:
    'the source: {id, name, kind, state: ok|failing|paused, lastRunAt, lastSuccessAt, lastError, accepted, rejected, ' +
    'lastRejected, nextRunAt, healthScope, ...settings}; secret header values shown as "***"',
};

/** Sources that ioc-stream collects from (admin only: no @Allow). */
@ApiTags('sources')
@ApiBearerAuth()
@Controller('api/v1/sources')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly events: SourceEvents,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every source with its state (admin)' })
  @ApiOkResponse({ description: '{sources: [source, ...]}' })
  async list(): Promise<SourceList> {
    return { sources: await this.sources.list() };
  }

  @Post()
  @ApiOperation({
    summary:
      'Creates a source {name, kind: "http", url, method?, headers?, body?, intervalSeconds? | cron?, timeoutMs?, maxBytes?, mapping, paused?} (admin)',
  })
  @ApiCreatedResponse(SOURCE_SHAPE)
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'which field is wrong and why' })
  async create(@Body() body: CreateSourceDto, @Principal() principal: KeyPrincipal): Promise<SourceInfo> {
    const info = await this.sources.create(body, principal);
    await this.events.changed(info.id);
    return info;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One source with its state (admin)' })
  @ApiOkResponse(SOURCE_SHAPE)
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@Param('id') id: string): Promise<SourceInfo> {
    return this.sources.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Changes a source: {paused?, name?, ...settings} (admin); headers replace them all, "***" keeps a stored secret',
  })
  @ApiOkResponse(SOURCE_SHAPE)
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  async patch(@Param('id') id: string, @Body() body: UpdateSourceDto): Promise<SourceInfo> {
    const info = await this.sources.patch(id, body);
    await this.events.changed(id);
    return info;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a source and its schedule; its health series stays (admin)' })
  @ApiNoContentResponse()
  async remove(@Param('id') id: string): Promise<void> {
    const info = await this.sources.get(id);
    await this.sources.remove(id);
    await this.events.deleted(info);
  }
}
