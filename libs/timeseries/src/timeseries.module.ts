import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnections } from '@app/redis';
import { ChunkedTimeSeriesStore } from './chunked-time-series.store';
import { RevisionLog } from './revision-log.store';
import { RETENTION_RESOLVER, type RetentionResolver, TIME_SERIES_STORE } from './time-series-store';

/**
 * Provides TIME_SERIES_STORE on the shared Redis connection. Needs RETENTION_RESOLVER (the catalogue
 * provides it, per indicator): a process without it fails at boot rather than write with the wrong retention.
 */
@Module({
  providers: [
    {
      provide: TIME_SERIES_STORE,
      inject: [RedisConnections, AppConfig, RETENTION_RESOLVER],
      useFactory: (redis: RedisConnections, config: AppConfig, retention: RetentionResolver) =>
        new ChunkedTimeSeriesStore(redis.command, { prefix: `${config.redisPrefix}:ts`, retention }),
    },
    {
      provide: RevisionLog,
      inject: [RedisConnections, AppConfig],
      useFactory: (redis: RedisConnections, config: AppConfig) =>
        new RevisionLog(redis.command, `${config.redisPrefix}:rev`),
    },
  ],
  exports: [TIME_SERIES_STORE, RevisionLog],
})
export class TimeseriesModule {}
