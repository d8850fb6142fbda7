export * from './validation-message.util';
export * from './validation.pipe';
export * from './http-exception.filter';
export * from './json-depth.util';
export * from './run-app';
export * from './access.decorators';
export * from './first-middleware';
