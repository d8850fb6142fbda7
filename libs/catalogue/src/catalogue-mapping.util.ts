import type { IndicatorInfo } from '@app/contracts';
import type { IndicatorEntity } from './entities';

export function toIndicatorInfo(e: IndicatorEntity): IndicatorInfo {
  return {
    code: e.code,
    domain: e.domainCode,
    name: e.name,
    unit: e.unit,
    direction: e.direction ?? null,
    target: e.target ?? null,
    retentionDays: e.retentionDays ?? null,
  };
}
