import { DynamicModule, Module } from '@nestjs/common';
import { AlertingModule, AlertingWorkerModule } from '@app/alerting';
import { AppConfig, ConfigModule } from '@app/config';
import { ConnectorsModule, ConnectorsWorkerModule } from '@app/connectors';
import { CatalogueModule } from '@app/catalogue';
import { DatabaseModule } from '@app/database';
import { SimulatorModule } from '@app/demo';
import { IngestionWorkerModule } from '@app/ingestion';
import { LivePublisherModule } from '@app/live';
import { MetricsModule } from '@app/metrics';
import { QueueModule, RedisModule } from '@app/redis';

/** BullMQ processors only: stores queued points, then publishes them live; runs the demo simulator. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        RedisModule,
        MetricsModule.forRoot({ app: 'worker', standalonePort: config.metricsPort }),
        QueueModule,
        DatabaseModule,
        CatalogueModule,
        IngestionWorkerModule,
        LivePublisherModule,
        AlertingModule,
        AlertingWorkerModule,
        ConnectorsModule,
        ConnectorsWorkerModule,
        SimulatorModule,
      ],
    };
  }
}
