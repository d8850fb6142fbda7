export * from './entities';
export * from './catalogue-cache';
export * from './catalogue.service';
export * from './catalogue.module';
