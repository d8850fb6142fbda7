import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SimulatorModule } from '@app/demo';
import { IngestionWorkerModule } from '@app/ingestion';
import { LivePublisherModule } from '@app/live';
import { GatewayModule } from '../../gateway/src/gateway.module';

/** Everything in one process: the gateway (HTTP API, Socket.IO) plus the worker's processors. */
@Module({})
export class ServerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ServerModule,
      imports: [GatewayModule.forRoot(config), IngestionWorkerModule, LivePublisherModule, SimulatorModule],
    };
  }
}
