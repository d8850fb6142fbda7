export * from './entities';
export * from './catalogue-cache';
export * from './catalogue.service';
export * from './catalogue.module';
export * from './period.util';
export * from './catalogue-mapping.util';
export * from './plans.service';
