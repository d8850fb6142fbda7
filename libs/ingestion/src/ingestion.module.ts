import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/contracts';
import { TimeseriesModule } from '@app/timeseries';
import { IngestController } from './ingest.controller';
import { IngestProducer } from './ingest.producer';
import { IngestIdempotencyStore } from './ingest-idempotency.store';
import { IngestService } from './ingest.service';
import { PointIntake } from './point-intake.service';

/** Point intake and the ingest queue, registered once: one Queue instance per process, whoever needs it. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.ingest }), TimeseriesModule],
  providers: [IngestProducer, PointIntake],
  exports: [BullModule, IngestProducer, PointIntake],
})
export class IngestProducerModule {}

/** The HTTP side of ingestion: checks points and queues them. */
@Module({
  imports: [IngestProducerModule],
  controllers: [IngestController],
  providers: [IngestService, IngestIdempotencyStore],
})
export class IngestionModule {}
