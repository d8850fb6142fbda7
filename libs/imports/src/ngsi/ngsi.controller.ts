import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { IngestResult, KeyPrincipal } from '@app/contracts';
import { Allow, Principal } from '@app/platform';
import { NgsiNotifyService } from './ngsi-notify.service';

@ApiTags('ngsi')
@ApiBearerAuth()
@Controller('api/v1/ngsi')
export class NgsiController {
  constructor(private readonly ngsi: NgsiNotifyService) {}

  @Post('notify')
  @HttpCode(202)
  @Allow('ingest')
  @ApiOperation({
    summary:
      "Takes a FIWARE NGSI-v2 notification (an Orion subscription's, normalized or keyValues; ingest keys). Each " +
      'entity is mapped by the saved ngsi mapping of its type. Answer as ingest: {accepted (points), rejected: ' +
      '[{index (of the entity in data), reason}]}. docs/connectors.md, "NGSI-v2".',
  })
  @ApiHeader({
    name: 'Ngsiv2-AttrsFormat',
    required: false,
    description: 'normalized or keyValues (Orion sends it); without it the form is told per attribute',
  })
  @ApiBody({
    schema: { type: 'object' },
    examples: {
      normalized: {
        value: {
          subscriptionId: '5f1b2c3d4e5f6a7b8c9d0e1f',
          data: [
            {
              id: 'urn:ngsi-ld:AirQualityObserved:718:001',
              type: 'AirQualityObserved',
              NO2: {
                type: 'Number',
                value: 22.5,
                metadata: { TimeInstant: { type: 'DateTime', value: '2026-10-31T07:30:00.000Z' } },
              },
              refDistrict: { type: 'Text', value: 'urn:ngsi-ld:District:718', metadata: {} },
            },
          ],
        },
      },
    },
  })
  @ApiResponse({ status: 202, description: 'every accepted point is durably queued' })
  notify(
    @Body() body: unknown,
    @Principal() principal: KeyPrincipal,
    @Headers('ngsiv2-attrsformat') attrsFormat?: string,
  ): Promise<IngestResult> {
    return this.ngsi.notify(body, principal, attrsFormat);
  }
}
