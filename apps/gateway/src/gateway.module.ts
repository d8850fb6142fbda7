import { DynamicModule, Module } from '@nestjs/common';
import { AlertingApiModule, AlertingModule } from '@app/alerting';
import { AppConfig, ConfigModule } from '@app/config';
import { AuthApiModule, AuthModule } from '@app/auth';
import { ConnectorsApiModule, ConnectorsModule } from '@app/connectors';
import { CatalogueApiModule, CatalogueModule } from '@app/catalogue';
import { DatabaseModule } from '@app/database';
import { DemoModule } from '@app/demo';
import { HealthModule } from '@app/health';
import { ImportsModule } from '@app/imports';
import { IngestionModule } from '@app/ingestion';
import { LiveModule } from '@app/live';
import { MetricsModule } from '@app/metrics';
import { QueryModule } from '@app/query';
import { QueueModule, RedisModule } from '@app/redis';
import { WallModule } from '@app/wall';

/** HTTP API and Socket.IO only: ingest requests are queued for the worker processes. */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        RedisModule,
        MetricsModule.forRoot({ app: 'gateway' }),
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
      ],
    };
  }
}
