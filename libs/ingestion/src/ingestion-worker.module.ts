import { Module } from '@nestjs/common';
import { LivePublisherModule } from '@app/live/live-publisher.module';
import { RollupRefresher, TimeseriesModule } from '@app/timeseries';
import { IngestProcessor } from './ingest.processor';
import { IngestProducerModule } from './ingestion.module';
import { PointWriter } from './point-writer.service';

/** The worker side of ingestion: stores queued batches and publishes them live. */
@Module({
  imports: [IngestProducerModule, TimeseriesModule, LivePublisherModule],
  providers: [IngestProcessor, PointWriter, RollupRefresher],
  exports: [PointWriter],
})
export class IngestionWorkerModule {}
