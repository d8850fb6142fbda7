import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QUEUES, type AlertChannel, type DeliveryTry } from '@app/contracts';
import { Queue } from 'bullmq';
import { ChannelCapStore } from './channel-cap.store';
import { DeliveryLedger } from './delivery-ledger.repository';
import { channelAddress, channelKeyOf, channelType, deliveryIdOf, digestIdOf, HOUR_MS } from './delivery-id.util';
import { DELIVERY_JOBS, type AlertDigestJob, type AlertSendJob, type HeldDelivery } from './delivery-job.type';
import type { DeliveryRequest } from './delivery.types';
import { formatTime } from './message-text.util';
import { deliveryJobOptions } from './retry-schedule.util';

/**
 * Injection token of the waits between tries (DELIVERY_RETRY_DELAYS_MS unless a test provides a
 * shorter schedule).
 */
export const DELIVERY_RETRY_DELAYS = 'ALERT_DELIVERY_RETRY_DELAYS';

/**
 * Tells an alert's channels (the producer side): one BullMQ job per channel on QUEUES.alertDelivery,
 * sent and retried by AlertDeliveryProcessor. The job id is the delivery id
 * (`<alert id>.<state>.<purpose><round>.<channel index>`), so the same request made twice (a caller
 * that crashed and tried again) queues nothing more.
 *
 * Anti-storm: each channel (its type and address) gets at most IOC_ALERT_CHANNEL_CAP_PER_HOUR messages
 * per clock hour. Past that a delivery is not sent: it is recorded in the ledger as held back, kept
 * for the hour's digest, and one digest job per channel-hour (queued once, run at the hour's end)
 * sends one message that counts them and lists the first 20.
 */
@Injectable()
export class AlertDelivery {
  constructor(
    @InjectQueue(QUEUES.alertDelivery) private readonly queue: Queue,
    private readonly caps: ChannelCapStore,
    private readonly ledger: DeliveryLedger,
    private readonly config: AppConfig,
    @Inject(DELIVERY_RETRY_DELAYS) private readonly retryDelaysMs: readonly number[],
  ) {}

  /** Queues the request's deliveries (one per channel); resolves once they are in Redis. */
  async deliver(req: DeliveryRequest): Promise<void> {
    const now = Date.now();
    const hour = Math.floor(now / HOUR_MS);
    await Promise.all(req.channels.map((channel, i) => this.deliverTo(req, channel, i, now, hour)));
  }

  /** Every try of every channel for an alert, oldest first (the contract's `deliveries`). */
  deliveriesOf(alertId: string): Promise<DeliveryTry[]> {
    return this.ledger.ofAlert(alertId);
  }

  private async deliverTo(req: DeliveryRequest, channel: AlertChannel, index: number, now: number, hour: number) {
    const { alert } = req;
    const deliveryId = deliveryIdOf(alert, req.purpose, req.round, index);
    const channelKey = channelKeyOf(channel);
    const cap = this.config.alertChannelCapPerHour;
    const held: HeldDelivery = {
      deliveryId,
      alertId: alert.id,
      state: alert.state,
      purpose: req.purpose,
      severity: alert.severity,
      indicator: alert.indicator,
      indicatorName: req.indicatorName,
      scope: alert.scope,
      scopeName: req.scopeName,
      reasons: alert.reasons,
      at: now,
    };
    const place = await this.caps.count(channelKey, hour, cap, held);
    const retryDelaysMs = [...this.retryDelaysMs];
    if (place <= cap) {
      const job: AlertSendJob = {
        deliveryId,
        alert,
        indicatorName: req.indicatorName,
        unit: req.unit,
        scopeName: req.scopeName,
        purpose: req.purpose,
        channel,
        retryDelaysMs,
      };
      await this.queue.add(DELIVERY_JOBS.send, job, deliveryJobOptions(deliveryId, retryDelaysMs));
      return;
    }
    const digestId = digestIdOf(channelKey, hour);
    const dueAt = (hour + 1) * HOUR_MS;
    const digest: AlertDigestJob = { deliveryId: digestId, channel, channelKey, hour, cap, retryDelaysMs };
    await this.queue.add(DELIVERY_JOBS.digest, digest, deliveryJobOptions(digestId, retryDelaysMs, dueAt - now));
    await this.ledger.record([
      {
        id: `${deliveryId}#1`,
        alertId: alert.id,
        deliveryId,
        state: alert.state,
        purpose: req.purpose,
        channel: channelType(channel),
        to: channelAddress(channel),
        try: 1,
        at: now,
        status: 'failed',
        error:
          `held back: this channel already had ${cap} messages this hour (IOC_ALERT_CHANNEL_CAP_PER_HOUR); ` +
          `not sent on its own, counted in the digest due at ${formatTime(dueAt)} (${digestId})`,
        nextTryAt: null,
      },
    ]);
  }
}
