import 'reflect-metadata';
import { runApp } from '@app/platform';
import { WorkerModule } from './worker.module';

void runApp({ name: 'ioc-stream worker', module: (config) => WorkerModule.forRoot(config), http: false });
