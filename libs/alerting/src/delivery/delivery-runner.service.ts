import { Injectable, Logger } from '@nestjs/common';
import { type AlertChannel, DELIVERY_STATUSES } from '@app/contracts';
import { Metrics } from '@app/metrics';
import type { Counter } from 'prom-client';
import { ChannelCapStore } from './channel-cap.store';
import { DeliveryLedger, type LedgerRow } from './delivery-ledger.repository';
import { channelAddress, channelType, HOUR_MS } from './delivery-id.util';
import { digestJobProblem, sendJobProblem, unidentifiedJobProblem } from './delivery-job-validation.util';
import { DIGEST_LISTED, type AlertDigestJob, type AlertSendJob, type OutgoingMessage } from './delivery-job.type';
import { EmailSender } from './email.sender';
import { HttpSender } from './http.sender';
import { PermanentDeliveryError } from './permanent-delivery.error';
import { retryDelayAfter } from './retry-schedule.util';
import { WebhookSender } from './webhook.sender';

/** Which try this is: 1-based, of `tries` in all. */
export interface TryInfo {
  tryNumber: number;
  tries: number;
}

/** Characters of an error kept in the ledger. */
const ERROR_KEPT = 1000;

/** Channel types counted by name in `ioc_alert_delivery_tries_total` (anything else: `other`). */
const CHANNEL_TYPES = ['webhook', 'email', 'http'] as const;

/** A ledger row without what each try sets. */
type Subject = Omit<LedgerRow, 'id' | 'try' | 'at' | 'status' | 'error' | 'nextTryAt'> & { key: string };

/**
 * Runs one try of a delivery job: checks the payload, sends with the channel's sender and records the
 * try in the ledger (`sent`; `retrying` with `nextTryAt`; `dead` after the last try; `failed` when no
 * retry could help). Throws when the try failed, a PermanentDeliveryError when it must not be retried.
 */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger('AlertDelivery');
  private readonly tries: Counter<'channel' | 'status'>;

  constructor(
    private readonly webhook: WebhookSender,
    private readonly email: EmailSender,
    private readonly http: HttpSender,
    private readonly ledger: DeliveryLedger,
    private readonly caps: ChannelCapStore,
    metrics: Metrics,
  ) {
    this.tries = metrics.counter({
      name: 'ioc_alert_delivery_tries_total',
      help: 'Tries to tell an alert channel, by channel type and outcome: sent, retrying (failed, tried again later), dead (failed, no tries left), failed (not sendable)',
      labelNames: ['channel', 'status'],
    });
    for (const channel of CHANNEL_TYPES) for (const status of DELIVERY_STATUSES) this.tries.inc({ channel, status }, 0);
  }

  async send(data: AlertSendJob, attempt: TryInfo): Promise<void> {
    this.identify(data);
    const alert = (data.alert ?? {}) as Partial<AlertSendJob['alert']>;
    const subject: Subject = {
      key: data.deliveryId,
      alertId: String(alert.id ?? '').slice(0, 32),
      deliveryId: data.deliveryId,
      state: alert.state ?? 'firing',
      purpose: String(data.purpose ?? 'transition').slice(0, 16),
      channel: channelType(data.channel),
      to: channelAddress(data.channel),
    };
    const problem = sendJobProblem(data as unknown as Record<string, unknown>);
    await this.attempt([subject], data, attempt, async () => {
      if (problem) throw new PermanentDeliveryError(`not sendable: ${problem}`);
      await this.sendTo(data.channel, {
        kind: 'alert',
        deliveryId: data.deliveryId,
        alert: data.alert,
        indicatorName: data.indicatorName,
        unit: data.unit,
        scopeName: data.scopeName,
        purpose: data.purpose,
      });
    });
  }

  /** A digest: what the channel's cap held back in its hour, counted, the first 20 listed. */
  async digest(data: AlertDigestJob, attempt: TryInfo): Promise<void> {
    this.identify(data);
    const problem = digestJobProblem(data as unknown as Record<string, unknown>);
    const { held, kept } = problem
      ? { held: 0, kept: [] }
      : await this.caps.heldBack(data.channelKey, data.hour, data.cap);
    // One ledger row per alert it tells of, so each alert's deliveries show the digest.
    const alerts = [...new Map(kept.map((h) => [h.alertId, h])).values()];
    const subjects: Subject[] = alerts.map((h) => ({
      key: `${data.deliveryId}.${h.alertId}`,
      alertId: h.alertId,
      deliveryId: data.deliveryId,
      state: h.state,
      purpose: 'digest',
      channel: channelType(data.channel),
      to: channelAddress(data.channel),
    }));
    await this.attempt(subjects, data, attempt, async () => {
      if (problem) throw new PermanentDeliveryError(`not sendable: ${problem}`);
      if (held === 0) return;
      await this.sendTo(data.channel, {
        kind: 'digest',
        deliveryId: data.deliveryId,
        from: data.hour * HOUR_MS,
        to: (data.hour + 1) * HOUR_MS,
        cap: data.cap,
        held,
        listed: kept.slice(0, DIGEST_LISTED),
      });
    });
  }

  private identify(data: unknown): void {
    const problem = unidentifiedJobProblem(data);
    if (problem) throw new PermanentDeliveryError(`delivery job not readable: ${problem}`);
  }

  private async sendTo(channel: AlertChannel, message: OutgoingMessage): Promise<void> {
    switch (channel.type) {
      case 'webhook':
        return this.webhook.send(channel, message);
      case 'email':
        return this.email.send(channel, message);
      case 'http':
        return this.http.send(channel, message);
    }
  }

  /** Runs `send` once and records the outcome for every subject. */
  private async attempt(
    subjects: Subject[],
    data: { deliveryId: string; retryDelaysMs: number[] },
    { tryNumber, tries }: TryInfo,
    send: () => Promise<void>,
  ): Promise<void> {
    let failure: Error | undefined;
    try {
      await send();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
    const at = Date.now();
    const last = tryNumber >= tries;
    const wait = failure && !last ? retryDelayAfter(tryNumber, data.retryDelaysMs) : null;
    const status: LedgerRow['status'] = !failure
      ? 'sent'
      : failure instanceof PermanentDeliveryError
        ? 'failed'
        : wait === null
          ? 'dead'
          : 'retrying';
    const error = failure ? failure.message.slice(0, ERROR_KEPT) : null;
    const nextTryAt = status === 'retrying' && wait !== null ? at + wait : null;
    if (subjects.length > 0) {
      const type = subjects[0].channel;
      const channel = (CHANNEL_TYPES as readonly string[]).includes(type) ? type : 'other';
      this.tries.inc({ channel, status });
    }
    try {
      await this.ledger.record(
        subjects.map(({ key, ...s }) => ({
          ...s,
          id: `${key}#${tryNumber}`,
          try: tryNumber,
          at,
          status,
          error,
          nextTryAt,
        })),
      );
    } catch (err) {
      // Not a reason to send again (the receiver already has it, or will on the next try).
      this.logger.error(
        `${data.deliveryId} try ${tryNumber}: ${status}, but the ledger was not written: ${(err as Error).message}`,
      );
    }
    if (!failure) return;
    const log = `${data.deliveryId} try ${tryNumber}/${tries}: ${failure.message}`;
    if (status === 'retrying') this.logger.warn(`${log}; next try in ${wait! / 1000} s`);
    else this.logger.error(`${log}; ${status === 'dead' ? 'no more tries (dead)' : 'not retried'}`);
    throw failure;
  }
}
