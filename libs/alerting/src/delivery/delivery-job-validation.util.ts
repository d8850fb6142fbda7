import { ALERT_STATES, SEVERITIES } from '@app/contracts';
import { channelProblem } from './channel-validation.util';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDelays = (v: unknown) => Array.isArray(v) && v.every((d) => Number.isFinite(d) && d >= 0);

/**
 * Why a job's payload cannot identify a delivery at all (then not even its failure can be recorded),
 * or null. Checked before anything else.
 */
export function unidentifiedJobProblem(data: unknown): string | null {
  if (!isObject(data)) return 'the job has no payload object';
  if (typeof data.deliveryId !== 'string' || data.deliveryId.length === 0) return 'deliveryId: missing';
  if (!isDelays(data.retryDelaysMs)) return 'retryDelaysMs: must be a list of waits in ms';
  return null;
}

/** Why a send job's payload cannot be sent (recorded as a `failed` try), or null. */
export function sendJobProblem(data: Record<string, unknown>): string | null {
  const alert = data.alert;
  if (!isObject(alert)) return 'alert: missing';
  if (typeof alert.id !== 'string' || alert.id.length === 0) return 'alert.id: missing';
  if (!(ALERT_STATES as readonly unknown[]).includes(alert.state))
    return 'alert.state: must be firing, acknowledged or resolved';
  if (!(SEVERITIES as readonly unknown[]).includes(alert.severity))
    return 'alert.severity: must be info, warning or critical';
  for (const f of ['value', 'threshold', 'firedAt']) {
    if (typeof alert[f] !== 'number') return `alert.${f}: must be a number`;
  }
  if (!isObject(alert.reasons) || typeof alert.reasons.vi !== 'string') return 'alert.reasons: must hold a vi reason';
  for (const f of ['indicatorName', 'unit', 'scopeName', 'purpose']) {
    if (typeof data[f] !== 'string') return `${f}: must be a string`;
  }
  return channelProblem(data.channel, 'channel');
}

/** Why a digest job's payload cannot be sent, or null. */
export function digestJobProblem(data: Record<string, unknown>): string | null {
  if (typeof data.channelKey !== 'string') return 'channelKey: must be a string';
  if (!Number.isInteger(data.hour)) return 'hour: must be an integer';
  if (!Number.isInteger(data.cap)) return 'cap: must be an integer';
  return channelProblem(data.channel, 'channel');
}
