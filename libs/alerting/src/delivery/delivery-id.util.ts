import { createHash } from 'node:crypto';
import type { LiveAlert } from '@app/contracts';
import type { DeliveryPurpose } from './delivery.types';

export const HOUR_MS = 3_600_000;

/** BullMQ job ids must not contain ':' (and must not be plain integers: ours never are). */
const jobIdPart = (s: string): string => s.replace(/:/g, '_');

/**
 * The delivery id (X-IOC-Delivery, and the BullMQ job id): `<alert id>.<state>.<purpose><round>.<channel
 * index>`. The same transition told to the same channel always gets the same id, so asking twice queues
 * one job and a receiver can drop a repeat.
 */
export function deliveryIdOf(
  alert: Pick<LiveAlert, 'id' | 'state'>,
  purpose: DeliveryPurpose,
  round: number | undefined,
  channelIndex: number,
): string {
  return jobIdPart(`${alert.id}.${alert.state}.${purpose}${round ?? ''}.${channelIndex}`);
}

/** A channel's identity for the hourly cap: a hash of its type and address (URL or e-mail address). */
export function channelKeyOf(channel: unknown): string {
  const c = (typeof channel === 'object' && channel !== null ? channel : {}) as Record<string, unknown>;
  const address = typeof c.to === 'string' ? c.to.trim().toLowerCase() : String(c.url ?? '');
  return createHash('sha256')
    .update(`${String(c.type)}\n${address}`)
    .digest('hex')
    .slice(0, 16);
}

/** The digest's id (and job id) for a channel's hour. */
export function digestIdOf(channelKey: string, hour: number): string {
  return `digest.${channelKey}.${hour}`;
}

/**
 * A URL as the ledger and error messages show it: no user, password, query or fragment, and path
 * segments that look like tokens (16 characters or more with a digit, e.g. a bot token or a
 * webhook's key) cut to their first 4 characters and `…`.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '(not a URL)';
  }
  const path = u.pathname
    .split('/')
    .map((seg) => (seg.length >= 16 && /\d/.test(seg) ? `${seg.slice(0, 4)}…` : seg))
    .join('/');
  return `${u.protocol}//${u.host}${path}${u.search ? '?…' : ''}`;
}

/** Where a channel sends, as the ledger's `to` shows it (never a secret). */
export function channelAddress(channel: unknown): string {
  const c = (typeof channel === 'object' && channel !== null ? channel : {}) as Record<string, unknown>;
  if (typeof c.to === 'string') return c.to.slice(0, 500);
  if (typeof c.url === 'string') return redactUrl(c.url).slice(0, 500);
  return '';
}

/** A channel's type as the ledger shows it. */
export function channelType(channel: unknown): string {
  const t = (channel as { type?: unknown } | null)?.type;
  return typeof t === 'string' ? t.slice(0, 16) : 'unknown';
}
