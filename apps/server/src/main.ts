import 'reflect-metadata';
import { DemoService } from '@app/demo';
import { runApp } from '@app/platform';
import { ServerModule } from './server.module';

void runApp({
  name: 'ioc-stream server',
  module: (config) => ServerModule.forRoot(config),
  http: true,
  readyLines: (app, baseUrl) => app.get(DemoService).readyLines(baseUrl),
});
