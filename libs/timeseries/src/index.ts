export * from './time-series-store';
export * from './timestamp-window.util';
export * from './bucket-aggregate.util';
export * from './chunk-codec.util';
export * from './rollup.util';
export * from './chunked-time-series.store';
export * from './rollup-refresher.service';
export * from './timeseries.module';
