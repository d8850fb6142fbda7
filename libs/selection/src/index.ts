export * from './series-selection';
