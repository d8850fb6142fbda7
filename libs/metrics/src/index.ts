export * from './cached-reading.util';
export * from './metrics-options';
export * from './metrics.service';
export * from './metrics.module';
export * from './request-log.util';
export * from './scrape-access.util';
