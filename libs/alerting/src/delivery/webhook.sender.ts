import { Injectable } from '@nestjs/common';
import type { AlertChannel } from '@app/contracts';
import { createHmac } from 'node:crypto';
import { HTTP_TRY_LIMITS, sendBoundedRequest, type HttpTryLimits } from './bounded-request';
import type { OutgoingMessage } from './delivery-job.type';
import { webhookBody } from './message-text.util';

export type WebhookChannel = Extract<AlertChannel, { type: 'webhook' }>;

export const DELIVERY_USER_AGENT = 'ioc-stream-alerts/1';

/** `hex(HMAC-SHA256(secret, body))`: the X-IOC-Signature value after `sha256=`. */
export function signBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/**
 * Webhook channels: a JSON POST of the alert object (its `reason` in the channel's `lang`, `vi` by
 * default) or of a digest, with `X-IOC-Delivery` (the same on every try) and, when the channel has a
 * secret, `X-IOC-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. 2xx is sent.
 */
@Injectable()
export class WebhookSender {
  /** Per-try limits (a property, as tests may shorten them). */
  limits: HttpTryLimits = HTTP_TRY_LIMITS;

  async send(channel: WebhookChannel, message: OutgoingMessage): Promise<void> {
    const body = webhookBody(message, channel.lang ?? 'vi');
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': DELIVERY_USER_AGENT,
      'X-IOC-Delivery': message.deliveryId,
      'X-IOC-Event': message.kind,
    };
    if (channel.secret) headers['X-IOC-Signature'] = `sha256=${signBody(body, channel.secret)}`;
    await sendBoundedRequest({ method: 'POST', url: channel.url, headers, body }, this.limits);
  }
}
