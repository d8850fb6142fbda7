export * from './range-params.util';
export * from './series-query.service';
export * from './query.module';
export * from './period-query.service';
