import type { LiveAlert } from '@app/contracts';

/**
 * Where the gateway reads the alerts in state `firing` or `acknowledged` (for the subscribe ack's
 * `alerts`); alerting provides it. Without it (a process with no alerting), acks list none.
 */
export interface ActiveAlertSource {
  activeAlerts(): Promise<LiveAlert[]>;
}

export const LIVE_ACTIVE_ALERTS = 'LIVE_ACTIVE_ALERTS';
