import { Module } from '@nestjs/common';
import { PipelineModule } from '@app/pipeline';
import { RollupRefresher, TimeseriesModule } from '@app/timeseries';
import { IngestProcessor } from './ingest.processor';
import { IngestProducerModule } from './ingestion.module';

/**
 * The worker side of ingestion: hands queued batches to the point pipeline (store, then its
 * listeners: the process's composition root adds live publishing and alert evaluation).
 */
@Module({
  imports: [IngestProducerModule, TimeseriesModule, PipelineModule],
  providers: [IngestProcessor, RollupRefresher],
})
export class IngestionWorkerModule {}
