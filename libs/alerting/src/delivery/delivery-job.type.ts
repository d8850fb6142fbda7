import type { AlertChannel, AlertLang, AlertState, LiveAlert, Severity } from '@app/contracts';
import type { DeliveryPurpose } from './delivery.types';

/** Job names on QUEUES.alertDelivery. */
export const DELIVERY_JOBS = {
  /** One channel told of one alert transition (or reminder, or escalation). */
  send: 'alert-send',
  /** One channel's digest of what its hourly cap held back. */
  digest: 'alert-digest',
} as const;

/** Payload of a `send` job: everything the sender needs, so sending reads no database. */
export interface AlertSendJob {
  /** The X-IOC-Delivery id, also the job id: the same on every try. */
  deliveryId: string;
  alert: LiveAlert;
  indicatorName: string;
  unit: string;
  scopeName: string;
  purpose: DeliveryPurpose;
  channel: AlertChannel;
  /** Waits after each failed try (ms): tries in all = length + 1 (see DELIVERY_RETRY_DELAYS_MS). */
  retryDelaysMs: number[];
}

/** A delivery the channel cap held back, kept (in Redis) for the channel's digest. */
export interface HeldDelivery {
  deliveryId: string;
  alertId: string;
  state: AlertState;
  purpose: DeliveryPurpose;
  severity: Severity;
  indicator: string;
  indicatorName: string;
  scope: string;
  scopeName: string;
  reasons: Record<AlertLang, string>;
  /** When it was held back (epoch ms). */
  at: number;
}

/** Payload of a `digest` job, run at the end of the channel's hour. */
export interface AlertDigestJob {
  /** `digest.<channel key>.<hour>`: X-IOC-Delivery and job id. */
  deliveryId: string;
  channel: AlertChannel;
  /** Hash of the channel's type and address (see channelKeyOf). */
  channelKey: string;
  /** The hour: epoch ms / 3,600,000, floored. */
  hour: number;
  /** The cap in force when deliveries were held back: the count past it is what was held. */
  cap: number;
  retryDelaysMs: number[];
}

/** What a sender sends: one alert, or one digest of held-back alerts. */
export type OutgoingMessage =
  | {
      kind: 'alert';
      deliveryId: string;
      alert: LiveAlert;
      indicatorName: string;
      unit: string;
      scopeName: string;
      purpose: DeliveryPurpose;
    }
  | {
      kind: 'digest';
      deliveryId: string;
      /** The hour the cap held deliveries back in (epoch ms, [from, to)). */
      from: number;
      to: number;
      cap: number;
      /** How many were held back. */
      held: number;
      /** The first of them (at most DIGEST_LISTED). */
      listed: HeldDelivery[];
    };

/** Held-back deliveries a digest lists by name (the rest are counted). */
export const DIGEST_LISTED = 20;
