import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { AlertChannel } from '@app/contracts';
import { HTTP_TRY_LIMITS, sendBoundedRequest, type HttpTryLimits } from './bounded-request';
import { httpUrlProblem } from './channel-validation.util';
import type { OutgoingMessage } from './delivery-job.type';
import { headerValue, renderHttpRequest } from './http-template.util';
import { httpTemplateView } from './message-text.util';
import { PermanentDeliveryError } from './permanent-delivery.error';
import { DELIVERY_USER_AGENT } from './webhook.sender';

export type HttpChannel = Extract<AlertChannel, { type: 'http' }>;

/**
 * Templated `http` channels (messengers, SMS gateways): the channel's method, URL, headers and body,
 * rendered with mustache over the alert's fields (renderHttpRequest), plus `X-IOC-Delivery`. 2xx is
 * sent; the same limits as webhooks.
 */
@Injectable()
export class HttpSender {
  limits: HttpTryLimits = HTTP_TRY_LIMITS;

  constructor(private readonly config: AppConfig) {}

  async send(channel: HttpChannel, message: OutgoingMessage): Promise<void> {
    const publicUrl = this.config.publicUrl ?? `http://localhost:${this.config.port}`;
    const req = renderHttpRequest(channel, httpTemplateView(message, channel.lang ?? 'vi', publicUrl));
    const badUrl = httpUrlProblem(req.url);
    if (badUrl)
      throw new PermanentDeliveryError(`the url template renders to a URL that ${badUrl.replace(/^must/, 'does not')}`);
    if (headerValue(req.headers, 'user-agent') === undefined) req.headers['User-Agent'] = DELIVERY_USER_AGENT;
    req.headers['X-IOC-Delivery'] = message.deliveryId;
    await sendBoundedRequest(req, this.limits);
  }
}
