import { DomainEntity } from './domain.entity';
import { IndicatorEntity } from './indicator.entity';
import { PlanEntity } from './plan.entity';
import { ScopeEntity } from './scope.entity';

export { DomainEntity, IndicatorEntity, PlanEntity, ScopeEntity };
export const CATALOGUE_ENTITIES = [DomainEntity, ScopeEntity, IndicatorEntity, PlanEntity];
