export * from './api-key.util';
export * from './api-key.service';
export * from './api-key.guard';
export * from './socket-auth.middleware';
export * from './auth.module';
export * from './api-key.entity';
