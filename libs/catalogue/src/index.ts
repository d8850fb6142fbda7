export * from './entities';
export * from './database.module';
export * from './catalogue-cache';
export * from './catalogue.service';
export * from './catalogue.module';
