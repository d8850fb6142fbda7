import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnections } from '@app/redis';
import { ChunkedTimeSeriesStore } from './chunked-time-series.store';
import { RETENTION_RESOLVER, RetentionResolver, TIME_SERIES_STORE } from './time-series-store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Provides TIME_SERIES_STORE on the shared Redis connection. */
@Module({
  providers: [
    {
      provide: TIME_SERIES_STORE,
      inject: [RedisConnections, AppConfig, { token: RETENTION_RESOLVER, optional: true }],
      useFactory: (redis: RedisConnections, config: AppConfig, resolver?: RetentionResolver) =>
        new ChunkedTimeSeriesStore(redis.command, {
          prefix: `${config.redisPrefix}:ts`,
          retention:
            resolver ??
            (() => ({ rawMs: config.rawRetentionDays * DAY_MS, rollupMs: config.rollupRetentionDays * DAY_MS })),
        }),
    },
  ],
  exports: [TIME_SERIES_STORE],
})
export class TimeseriesModule {}
