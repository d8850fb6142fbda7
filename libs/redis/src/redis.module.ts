import { Global, Module } from '@nestjs/common';
import { RedisConnections } from './redis-connections';

/** Global: every library asks RedisConnections for its Redis connections. */
@Global()
@Module({ providers: [RedisConnections], exports: [RedisConnections] })
export class RedisModule {}
