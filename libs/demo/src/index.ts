export * from './demo-indicator.type';
export * from './demo-catalogue';
export * from './demo-value.util';
export * from './demo.service';
export * from './simulator.service';
export * from './demo.module';
export * from './demo-alert-rules.data';
