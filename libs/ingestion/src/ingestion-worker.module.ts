import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/contracts';
import { LivePublisherModule } from '@app/live/live-publisher.module';
import { RollupRefresher, TimeseriesModule } from '@app/timeseries';
import { IngestProcessor } from './ingest.processor';
import { PointWriter } from './point-writer.service';

/** The worker side of ingestion: stores queued batches and publishes them live. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.ingest }), TimeseriesModule, LivePublisherModule],
  providers: [IngestProcessor, PointWriter, RollupRefresher],
  exports: [PointWriter],
})
export class IngestionWorkerModule {}
