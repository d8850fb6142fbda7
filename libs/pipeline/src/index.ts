export * from './period-revision.util';
export * from './point-listeners';
export * from './point-writer.service';
export * from './pipeline.module';
