import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ImportStatus, KeyPrincipal } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import type { IncomingMessage } from 'node:http';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  @Allow('ingest')
  @ApiOperation({
    summary:
      'Imports a CSV or XLSX file (admin, ingest keys; an ingest key only inside its scopes). The file is ' +
      'stored while it arrives; 202 once it is all there and its mapping and format are checked; the rows ' +
      'are then read and queued in the background: follow GET /api/v1/imports/{id}. docs/connectors.md, "File imports".',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'mapping'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV (UTF-8, "," or ";") or XLSX' },
        mapping: {
          type: 'string',
          description:
            'JSON {indicator?: column|"=code", scope?: column|"=code", ts?: column, period?: column, value: column, ' +
            'delimiter?, decimal?, sheet?, headerRow?}, or the name of a saved import mapping',
          example: '{"indicator":"Mã chỉ tiêu","scope":"Mã đơn vị","ts":"Ngày","value":"Giá trị"}',
        },
      },
    },
  })
  @ApiResponse({ status: 202, description: '{id}: the import runs; GET /api/v1/imports/{id} for its progress' })
  @ApiResponse({ status: 400, description: 'no file, a bad or unknown mapping, a file that is not what its name says' })
  @ApiResponse({ status: 413, description: 'a file over IOC_IMPORT_MAX_FILE_BYTES' })
  @ApiResponse({ status: 415, description: 'not multipart/form-data' })
  start(@Req() req: IncomingMessage, @Principal() principal: KeyPrincipal): Promise<{ id: string }> {
    return this.imports.start(req, principal);
  }

  @Get(':id')
  @Allow('ingest')
  @ApiOperation({
    summary:
      'An import: {id, state: running|done|failed, fileName, format, rows, accepted, rejected: [{line, reason}] ' +
      '(the first 1,000), rejectedCount, error?, startedAt, finishedAt?}. A non-admin key sees only its own imports.',
  })
  status(@Param('id') id: string, @Principal() principal: KeyPrincipal): Promise<ImportStatus> {
    return this.imports.status(id, principal);
  }
}
