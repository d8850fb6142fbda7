export * from './database.module';
export * from './migrations';
