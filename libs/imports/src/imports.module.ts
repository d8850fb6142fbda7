import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IngestProducerModule } from '@app/ingestion';
import { IMPORTS_ENTITIES } from './entities';
import { ImportRunner } from './imports/import-runner.service';
import { ImportRunsRepository } from './imports/import-runs.repository';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { MappingsController } from './mappings/mappings.controller';
import { SavedMappings } from './mappings/saved-mappings.service';
import { NgsiController } from './ngsi/ngsi.controller';
import { NgsiNotifyService } from './ngsi/ngsi-notify.service';

/**
 * Collecting from files and FIWARE (HTTP side, in the processes that serve the API): file imports
 * (`/api/v1/imports`, run in the receiving process), saved mappings, NGSI-v2 notifications.
 */
@Module({
  imports: [TypeOrmModule.forFeature(IMPORTS_ENTITIES), IngestProducerModule],
  controllers: [ImportsController, MappingsController, NgsiController],
  providers: [SavedMappings, ImportRunsRepository, ImportRunner, ImportsService, NgsiNotifyService],
  exports: [SavedMappings],
})
export class ImportsModule {}
