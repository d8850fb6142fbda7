import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnections } from './redis-connections';

/** BullMQ's root configuration: the Redis of RedisConnections and a prefix under the service's own. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [RedisConnections, AppConfig],
      useFactory: (redis: RedisConnections, config: AppConfig) => ({
        connection: redis.bullmqOptions(),
        prefix: `${config.redisPrefix}:bull`,
      }),
    }),
  ],
})
export class QueueModule {}
