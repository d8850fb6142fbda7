import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '@app/contracts';
import { IngestProducerModule } from '@app/ingestion';
import { LiveBusModule } from '@app/live';
import { CONNECTORS_ENTITIES } from './entities/source.entity';
import { MqttHolder } from './mqtt/mqtt-holder.service';
import { MqttLeaseStore } from './mqtt/mqtt-lease.store';
import { PollProcessor } from './poll/poll.processor';
import { PollRunner } from './poll/poll-runner.service';
import { ScheduleKeeper } from './poll/schedule-keeper.service';
import { SourceScheduler } from './poll/source-scheduler.service';
import { SourceSecretsService } from './secrets/source-secrets.service';
import { SourcesController } from './sources/sources.controller';
import { SourcesService } from './sources/sources.service';
import { SourceEvents } from './supervision/source-events.service';
import { SourceHealth } from './supervision/source-health.service';
import { SourceStateStore } from './supervision/source-state.store';

/** Connectors for every process: sources (stored, secrets sealed), their schedules, run state and health series. */
@Module({
  imports: [
    TypeOrmModule.forFeature(CONNECTORS_ENTITIES),
    BullModule.registerQueue({ name: QUEUES.connectors }),
    LiveBusModule,
  ],
  providers: [SourcesService, SourceScheduler, SourceStateStore, SourceSecretsService, SourceHealth, SourceEvents],
  exports: [SourcesService, SourceScheduler, SourceStateStore, SourceSecretsService, SourceHealth, SourceEvents],
})
export class ConnectorsModule {}

/** The sources HTTP API (admin). */
@Module({ imports: [ConnectorsModule], controllers: [SourcesController] })
export class ConnectorsApiModule {}

/** In the processes that run sources: the connectors queue's processor, the schedule keeper, the MQTT holder. */
@Module({
  imports: [ConnectorsModule, IngestProducerModule],
  providers: [PollRunner, PollProcessor, ScheduleKeeper, MqttLeaseStore, MqttHolder],
})
export class ConnectorsWorkerModule {}
