import { ApiKeyEntity } from './api-key.entity';
import { DomainEntity } from './domain.entity';
import { IndicatorEntity } from './indicator.entity';
import { ScopeEntity } from './scope.entity';

export { ApiKeyEntity, DomainEntity, IndicatorEntity, ScopeEntity };
export const CATALOGUE_ENTITIES = [DomainEntity, ScopeEntity, IndicatorEntity, ApiKeyEntity];
