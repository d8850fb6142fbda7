import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/contracts';
import { IngestController } from './ingest.controller';
import { IngestProducer } from './ingest.producer';
import { IngestService } from './ingest.service';

/** The HTTP side of ingestion: checks points and queues them. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.ingest })],
  controllers: [IngestController],
  providers: [IngestService, IngestProducer],
  exports: [IngestProducer],
})
export class IngestionModule {}

/** Only the producer, for in-process feeders such as the demo simulator. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.ingest })],
  providers: [IngestProducer],
  exports: [IngestProducer],
})
export class IngestProducerModule {}
