export * from './codes';
export * from './point.type';
export * from './range.type';
export * from './role.type';
export * from './catalogue.type';
export * from './queues';
export * from './live-events.type';
export * from './alert.type';
