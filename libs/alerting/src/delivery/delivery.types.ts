import type { AlertChannel, LiveAlert } from '@app/contracts';

/** Why a delivery is sent: a change of state, a reminder while firing unacknowledged, or an escalation. */
export type DeliveryPurpose = 'transition' | 'renotify' | 'escalation';

/** What evaluation (or an acknowledgement) asks delivery to tell the channels. */
export interface DeliveryRequest {
  /** The alert in its new state, its reason in every language. */
  alert: LiveAlert;
  /** Catalogue names for messages and templates. */
  indicatorName: string;
  unit: string;
  scopeName: string;
  channels: readonly AlertChannel[];
  purpose: DeliveryPurpose;
  /** Renotify round (1, 2, ...): part of the delivery id, so each round is sent once. */
  round?: number;
}
