export * from './time-series-store';
export * from './timestamp-window.util';
export * from './bucket-aggregate.util';
export * from './redis-time-series.store';
export * from './timeseries.module';
