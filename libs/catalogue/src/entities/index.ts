import { DomainEntity } from './domain.entity';
import { IndicatorEntity } from './indicator.entity';
import { ScopeEntity } from './scope.entity';

export { DomainEntity, IndicatorEntity, ScopeEntity };
export const CATALOGUE_ENTITIES = [DomainEntity, ScopeEntity, IndicatorEntity];
