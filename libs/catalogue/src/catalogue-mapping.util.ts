import type { IndicatorInfo, ScopeInfo } from '@app/contracts';
import type { IndicatorEntity, ScopeEntity } from './entities';

/** Defaults of the statistics fields when an indicator does not set them. */
export const STATISTICS_DEFAULTS = { period: 'none', timeAgg: 'last', scopeAgg: 'none', dueDays: 0 } as const;

/**
 * The answer for an indicator. A stream that sets none of the statistics fields answers exactly as
 * before they existed; a period indicator (or a stream with one of them set) answers all four.
 */
export function toIndicatorInfo(e: IndicatorEntity): IndicatorInfo {
  const info: IndicatorInfo = {
    code: e.code,
    domain: e.domainCode,
    name: e.name,
    unit: e.unit,
    direction: e.direction ?? null,
    target: e.target ?? null,
    retentionDays: e.retentionDays ?? null,
  };
  const period = e.period ?? 'none';
  if (period === 'none' && e.timeAgg == null && e.scopeAgg == null && e.dueDays == null) return info;
  info.period = period;
  info.timeAgg = e.timeAgg ?? STATISTICS_DEFAULTS.timeAgg;
  info.scopeAgg = e.scopeAgg ?? STATISTICS_DEFAULTS.scopeAgg;
  info.dueDays = e.dueDays ?? STATISTICS_DEFAULTS.dueDays;
  return info;
}

/**
 * The answer for a scope, without its shape (shapes are read on demand: see CatalogueService.shapes).
 * `tile` only when set, so a scope without map data answers exactly as before map data existed.
 */
export function toScopeInfo(e: Pick<ScopeEntity, 'code' | 'name' | 'parentCode' | 'tileRow' | 'tileCol'>): ScopeInfo {
  const info: ScopeInfo = { code: e.code, name: e.name, parent: e.parentCode ?? null };
  if (e.tileRow != null && e.tileCol != null) info.tile = { row: e.tileRow, col: e.tileCol };
  return info;
}
