export * from './database.module';
export * from './migrations';
export * from './column-transformers.util';
