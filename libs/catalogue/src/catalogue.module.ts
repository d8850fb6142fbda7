import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { RETENTION_RESOLVER, type RetentionResolver } from '@app/timeseries';
import { DomainsController } from './api/domains.controller';
import { IndicatorsController } from './api/indicators.controller';
import { PlansController } from './api/plans.controller';
import { ScopesController } from './api/scopes.controller';
import { CatalogueCache } from './catalogue-cache';
import { CatalogueService } from './catalogue.service';
import { CATALOGUE_ENTITIES } from './entities';
import { PlansService } from './plans.service';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Period indicators' values are official figures: kept (raw and rollups) for 100 years, or the
 * indicator's own retention when longer. The contract asks for at least 10 years.
 */
export const PERIOD_RETENTION_DAYS = 36_500;

/** The catalogue for every process: its tables, service, in-memory cache, per-indicator retention. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(CATALOGUE_ENTITIES)],
  providers: [
    CatalogueCache,
    CatalogueService,
    PlansService,
    {
      provide: RETENTION_RESOLVER,
      inject: [CatalogueCache, AppConfig],
      useFactory:
        (cache: CatalogueCache, config: AppConfig): RetentionResolver =>
        (indicator) => {
          const info = cache.indicator(indicator);
          const rawDays = info?.retentionDays ?? config.rawRetentionDays;
          if (info?.period === undefined || info.period === 'none') {
            return { rawMs: rawDays * DAY_MS, rollupMs: config.rollupRetentionDays * DAY_MS };
          }
          const days = Math.max(rawDays, PERIOD_RETENTION_DAYS);
          return { rawMs: days * DAY_MS, rollupMs: Math.max(days, config.rollupRetentionDays) * DAY_MS };
        },
    },
  ],
  exports: [CatalogueCache, CatalogueService, PlansService, RETENTION_RESOLVER],
})
export class CatalogueModule {}

/** The catalogue's HTTP API. */
@Module({ controllers: [DomainsController, ScopesController, IndicatorsController, PlansController] })
export class CatalogueApiModule {}
