import { type DynamicModule, Global, Module } from '@nestjs/common';
import { FIRST_HTTP_MIDDLEWARE } from '@app/platform';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options';
import { MetricsController } from './metrics.controller';
import { MetricsHttpServer } from './metrics-http.server';
import { Metrics } from './metrics.service';
import { QueueDepthCollector } from './queue-depth.collector';
import { RequestLogMiddleware } from './request-log.middleware';

/**
 * The process's metrics (global): the Metrics registry that libraries get their metrics from, queue
 * depth, the request log, GET /metrics (HTTP apps; a worker on `standalonePort`). Needs ConfigModule
 * and RedisModule; imported once, by the app's root module.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        Metrics,
        QueueDepthCollector,
        RequestLogMiddleware,
        { provide: FIRST_HTTP_MIDDLEWARE, useExisting: RequestLogMiddleware },
        MetricsHttpServer,
      ],
      exports: [Metrics],
    };
  }
}
