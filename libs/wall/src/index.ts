export * from './wall.module';
