import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { AlertChannel } from '@app/contracts';
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutgoingMessage } from './delivery-job.type';
import { alertEmail, digestEmail } from './message-text.util';
import { PermanentDeliveryError } from './permanent-delivery.error';

export type EmailChannel = Extract<AlertChannel, { type: 'email' }>;

/** SMTP limits: connecting, the server's greeting, and silence on the socket. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * E-mail channels: one message per delivery through SMTP_URL, in the channel's `lang` (`vi` by
 * default), text and HTML, with `X-IOC-Delivery` and a Message-ID made from it (so a mail client shows
 * a retried message once).
 */
@Injectable()
export class EmailSender {
  private transport?: Transporter;

  constructor(private readonly config: AppConfig) {}

  async send(channel: EmailChannel, message: OutgoingMessage): Promise<void> {
    if (!this.config.smtpUrl) throw new PermanentDeliveryError('no SMTP_URL configured');
    const lang = channel.lang ?? 'vi';
    const publicUrl = this.config.publicUrl ?? `http://localhost:${this.config.port}`;
    const content =
      message.kind === 'alert' ? alertEmail(message, lang, publicUrl) : digestEmail(message, lang, publicUrl);
    try {
      await this.transporter().sendMail({
        from: this.config.alertEmailFrom,
        to: channel.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: `<${message.deliveryId}@${this.senderDomain()}>`,
        headers: { 'X-IOC-Delivery': message.deliveryId },
      });
    } catch (err) {
      throw new Error(`e-mail to ${channel.to}: ${(err as Error).message}`, { cause: err });
    }
  }

  private transporter(): Transporter {
    this.transport ??= nodemailer.createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    return this.transport;
  }

  private senderDomain(): string {
    const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(this.config.alertEmailFrom);
    return m ? m[1] : 'ioc-stream.invalid';
  }
}
