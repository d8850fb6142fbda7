import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { RETENTION_RESOLVER, type RetentionResolver } from '@app/timeseries';
import { DomainsController } from './api/domains.controller';
import { IndicatorsController } from './api/indicators.controller';
import { ScopesController } from './api/scopes.controller';
import { CatalogueCache } from './catalogue-cache';
import { CatalogueService } from './catalogue.service';
import { CATALOGUE_ENTITIES } from './entities';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The catalogue for every process: its tables, service, in-memory cache, per-indicator retention. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(CATALOGUE_ENTITIES)],
  providers: [
    CatalogueCache,
    CatalogueService,
    {
      provide: RETENTION_RESOLVER,
      inject: [CatalogueCache, AppConfig],
      useFactory:
        (cache: CatalogueCache, config: AppConfig): RetentionResolver =>
        (indicator) => ({
          rawMs: (cache.indicator(indicator)?.retentionDays ?? config.rawRetentionDays) * DAY_MS,
          rollupMs: config.rollupRetentionDays * DAY_MS,
        }),
    },
  ],
  exports: [CatalogueCache, CatalogueService, RETENTION_RESOLVER],
})
export class CatalogueModule {}

/** The catalogue's HTTP API. */
@Module({ controllers: [DomainsController, ScopesController, IndicatorsController] })
export class CatalogueApiModule {}
