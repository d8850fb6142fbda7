import 'reflect-metadata';
import { DemoService } from '@app/demo';
import { runApp } from '@app/platform';
import { GatewayModule } from './gateway.module';

void runApp({
  name: 'ioc-stream gateway',
  module: (config) => GatewayModule.forRoot(config),
  http: true,
  readyLines: (app, baseUrl) => app.get(DemoService).readyLines(baseUrl),
});
