export * from './range-params.util';
export * from './series-query.service';
export * from './query.module';
