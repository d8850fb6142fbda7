import { Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DATABASE_MIGRATIONS } from './migrations';

/**
 * TypeORM options from DATABASE_URL: PostgreSQL, or an SQLite file (the default, under IOC_DATA_DIR).
 * Entities belong to the libraries that use them (each registers its own with
 * `TypeOrmModule.forFeature`); the schema's history, one sequence of migrations, is kept here.
 */
export function databaseOptions(config: AppConfig): TypeOrmModuleOptions {
  const common = {
    autoLoadEntities: true,
    migrations: DATABASE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    retryAttempts: 1_000_000,
    retryDelay: 2000,
    logging: ['error' as const],
  };
  const url = config.databaseUrl ?? `sqlite:${config.dataDir}/ioc-stream.sqlite`;
  if (url.startsWith('sqlite:')) {
    const file = resolve(url.slice('sqlite:'.length));
    mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      enableWAL: true,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return { ...common, type: 'postgres', url };
}

/** The service's database connection (once per process: import it in the app's composition root). */
@Module({
  imports: [TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: databaseOptions })],
})
export class DatabaseModule {}
