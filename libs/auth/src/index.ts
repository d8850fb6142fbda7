export * from './role-capabilities.util';
export * from './api-key.util';
export * from './auth.decorators';
export * from './api-key.service';
export * from './api-key.guard';
export * from './socket-auth.middleware';
export * from './auth.module';
