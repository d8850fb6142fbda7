import type { DeliveryRequest } from '../delivery/delivery.types';

/** Tells an alert's channels (the delivery queue). */
export interface AlertNotifier {
  deliver(req: DeliveryRequest): Promise<void>;
}

export const ALERT_NOTIFIER = Symbol('ALERT_NOTIFIER');
