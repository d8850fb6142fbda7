export * from './redis-connections';
export * from './redis.module';
export * from './embedded-redis';
export * from './queue.module';
export * from './connection-errors.util';
export * from './resilient-worker-host';
export * from './read-timeout.util';
export * from './change-feed';
