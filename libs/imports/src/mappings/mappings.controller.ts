import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KeyPrincipal, SavedMapping } from '@app/contracts';
import { Principal } from '@app/platform';
import { SavedMappings } from './saved-mappings.service';

@ApiTags('mappings')
@ApiBearerAuth()
@Controller('api/v1/mappings')
export class MappingsController {
  constructor(private readonly mappings: SavedMappings) {}

  @Post()
  @ApiOperation({
    summary:
      'Saves a mapping by name (admin): {name, kind: "import"|"ngsi", mapping}. Checked on save: a column mapping ' +
      'needs value and ts or period; constants and NGSI attributes must name catalogued codes; one ngsi mapping per entity type. ' +
      'docs/connectors.md, "Saved mappings".',
  })
  @ApiBody({
    schema: { type: 'object' },
    examples: {
      import: {
        value: {
          name: 'so-tai-chinh-thang',
          kind: 'import',
          mapping: {
            indicator: 'Mã chỉ tiêu',
            scope: 'Mã đơn vị',
            period: 'Kỳ báo cáo',
            value: 'Giá trị',
            sheet: 'Số liệu',
          },
        },
      },
      ngsi: {
        value: {
          name: 'air-quality',
          kind: 'ngsi',
          mapping: {
            entityType: 'AirQualityObserved',
            scope: { attr: 'refDistrict', pattern: '(\\d+)$' },
            ts: { attr: 'dateObserved' },
            attributes: { NO2: 'env.no2', PM25: 'env.pm25' },
          },
        },
      },
    },
  })
  create(@Body() body: unknown, @Principal() principal: KeyPrincipal): Promise<SavedMapping> {
    return this.mappings.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Every saved mapping (admin): {mappings: [...]}' })
  async list(): Promise<{ mappings: SavedMapping[] }> {
    return { mappings: await this.mappings.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One saved mapping (admin)' })
  get(@Param('name') name: string): Promise<SavedMapping> {
    return this.mappings.get(name);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a saved mapping (admin)' })
  remove(@Param('name') name: string): Promise<void> {
    return this.mappings.remove(name);
  }
}
