import { DynamicModule, Module } from '@nestjs/common';
import { AlertingApiModule, AlertingModule, AlertingWorkerModule } from '@app/alerting';
import { AppConfig, ConfigModule } from '@app/config';
import { AuthApiModule, AuthModule } from '@app/auth';
import { ConnectorsApiModule, ConnectorsModule, ConnectorsWorkerModule } from '@app/connectors';
import { CatalogueApiModule, CatalogueModule } from '@app/catalogue';
import { DatabaseModule } from '@app/database';
import { DemoModule, SimulatorModule } from '@app/demo';
import { HealthModule } from '@app/health';
import { ImportsModule } from '@app/imports';
import { IngestionModule, IngestionWorkerModule } from '@app/ingestion';
import { LiveModule, LivePublisherModule } from '@app/live';
import { MetricsModule } from '@app/metrics';
import { QueryModule } from '@app/query';
import { QueueModule, RedisModule } from '@app/redis';
import { WallModule } from '@app/wall';

/** Everything in one process: what the gateway app runs (HTTP API, Socket.IO) plus the worker's processors. */
@Module({})
export class ServerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ServerModule,
      imports: [
        ConfigModule.forRoot(config),
        RedisModule,
        MetricsModule.forRoot({ app: 'server' }),
        QueueModule,
        DatabaseModule,
        CatalogueModule,
        AuthModule,
        HealthModule,
        CatalogueApiModule,
        AuthApiModule,
        IngestionModule,
        QueryModule,
        LiveModule,
        AlertingModule,
        AlertingApiModule,
        ConnectorsModule,
        ConnectorsApiModule,
        ImportsModule,
        WallModule,
        DemoModule,
        // The worker's part:
        IngestionWorkerModule,
        LivePublisherModule,
        AlertingWorkerModule,
        ConnectorsWorkerModule,
        SimulatorModule,
      ],
    };
  }
}
