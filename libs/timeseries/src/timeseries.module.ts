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
      provide: RevisionLog,
      inject: [RedisConnections, AppConfig],
      useFactory: (redis: RedisConnections, config: AppConfig) =>
        new RevisionLog(redis.command, `${config.redisPrefix}:rev`),
    },
    {
      // The store appends period reports to the revision log in its write's round trip.
      provide: TIME_SERIES_STORE,
      inject: [RedisConnections, AppConfig, RETENTION_RESOLVER, RevisionLog],
      useFactory: (
        redis: RedisConnections,
        config: AppConfig,
        retention: RetentionResolver,
        revisionLog: RevisionLog,
      ) => new ChunkedTimeSeriesStore(redis.command, { prefix: `${config.redisPrefix}:ts`, retention, revisionLog }),
    },
  ],
  exports: [TIME_SERIES_STORE, RevisionLog],
})
export class TimeseriesModule {}
