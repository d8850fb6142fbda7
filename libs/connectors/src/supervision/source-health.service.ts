import { Injectable } from '@nestjs/common';
import { CatalogueCache, CatalogueService } from '@app/catalogue';
import type { IndicatorPoint } from '@app/contracts';

/** The built-in catalogue entries of source supervision. */
export const SOURCE_HEALTH = {
  domain: { code: 'system', name: 'Hệ thống (ioc-stream)' },
  indicator: 'system.source_health',
  rootScope: { code: 'sources', name: 'Nguồn dữ liệu (connectors)' },
} as const;

/** The scope code of a source's health series: `src-` and the start of its id. */
export function healthScopeOf(sourceId: string): string {
  return `src-${sourceId.replace(/-/g, '').slice(0, 12)}`;
}

/**
 * Each source's health as a series, `system.source_health` at scope `src-<id>` (under the root scope
 * `sources`), 1 while it is ok and 0 while it is failing, so an alert rule can watch it like any
 * indicator. Makes the `system` domain, the indicator, the root scope and the source's scope when a
 * source is created, and again when the workers start with sources (idempotent seeds of the
 * catalogue). A service without sources has none of them: its catalogue is what its users made.
 */
@Injectable()
export class SourceHealth {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly cache: CatalogueCache,
  ) {}

  /** The domain, indicator and root scope, and the scope of each of these sources. */
  async ensure(sources: { id: string; name: string }[]): Promise<void> {
    await this.catalogue.seed({
      domains: [{ ...SOURCE_HEALTH.domain }],
      scopes: [
        { ...SOURCE_HEALTH.rootScope, parent: null },
        ...sources.map((s) => ({ code: healthScopeOf(s.id), name: s.name, parent: SOURCE_HEALTH.rootScope.code })),
      ],
      indicators: [
        {
          code: SOURCE_HEALTH.indicator,
          domain: SOURCE_HEALTH.domain.code,
          name: 'Tình trạng nguồn dữ liệu (1 tốt, 0 lỗi)',
          unit: '1 ok / 0 failing',
          direction: 'up',
          target: null,
          retentionDays: null,
        },
      ],
    });
  }

  /** The health point of a source, after making sure the catalogue has its scope. */
  async point(source: { id: string; name: string }, ok: boolean, at: number): Promise<IndicatorPoint> {
    const scope = healthScopeOf(source.id);
    if (!this.cache.scope(scope) || !this.cache.indicator(SOURCE_HEALTH.indicator)) await this.ensure([source]);
    return { indicator: SOURCE_HEALTH.indicator, scope, ts: at, value: ok ? 1 : 0 };
  }
}
