export * from './validation-message.util';
export * from './validation.pipe';
export * from './http-exception.filter';
export * from './run-app';
