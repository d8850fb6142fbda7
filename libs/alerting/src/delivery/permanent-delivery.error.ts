/**
 * A try that no retry could make succeed (a channel that is invalid at send time, no SMTP_URL
 * configured): recorded as `failed` and not tried again.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
