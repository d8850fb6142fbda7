import { AlertDeliveryEntity } from './alert-delivery.entity';
import { AlertRuleEntity } from './alert-rule.entity';
import { AlertEntity } from './alert.entity';
import { SilenceEntity } from './silence.entity';

export { AlertDeliveryEntity, AlertEntity, AlertRuleEntity, SilenceEntity };
export const ALERTING_ENTITIES = [AlertRuleEntity, AlertEntity, AlertDeliveryEntity, SilenceEntity];
