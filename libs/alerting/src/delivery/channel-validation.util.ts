import { ALERT_LANGS } from '@app/contracts';
import { MAX_TEMPLATE_LENGTH, SAMPLE_TEMPLATE_VIEW, renderHttpRequest, templateProblem } from './http-template.util';

/** Methods an `http` channel may use. */
export const HTTP_CHANNEL_METHODS = ['GET', 'POST', 'PUT', 'PATCH'] as const;

const CHANNEL_TYPES = ['webhook', 'email', 'http'] as const;
const FIELDS: Record<(typeof CHANNEL_TYPES)[number], readonly string[]> = {
  webhook: ['type', 'url', 'secret', 'lang'],
  email: ['type', 'to', 'lang'],
  http: ['type', 'method', 'url', 'headers', 'body', 'lang'],
};
const MAX_URL_LENGTH = 2000;
const MAX_SECRET_LENGTH = 500;
const MAX_HEADERS = 30;
const MAX_HEADER_VALUE_LENGTH = 4000;
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Headers that fetch or the delivery sets itself. */
const RESERVED_HEADERS = ['host', 'content-length', 'transfer-encoding', 'connection', 'x-ioc-delivery'];
/** A plain single address (no display name, no list): `name@host`, letters of any script. */
const EMAIL = /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `url` is not an absolute http(s) URL that fetch accepts, or null. */
export function httpUrlProblem(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0) return 'must be an http:// or https:// URL';
  if (url.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an http:// or https:// URL';
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    return 'must be an http:// or https:// URL';
  }
  if (parsed.username || parsed.password) {
    return 'must not carry user:password@ (send credentials in a header, or sign with a secret)';
  }
  return null;
}

/**
 * What is wrong with an alert channel, as one sentence that names the field (`field` is where the
 * channel sits, e.g. `channels[0]`), or null when it is fine. Used where rules are written and again
 * before each send.
 */
export function channelProblem(channel: unknown, field: string): string | null {
  if (!isObject(channel)) return `${field}: must be an object with a type (webhook, email or http)`;
  const type = channel.type;
  if (typeof type !== 'string' || !(CHANNEL_TYPES as readonly string[]).includes(type)) {
    return `${field}.type: must be webhook, email or http`;
  }
  const allowed = FIELDS[type as keyof typeof FIELDS];
  const unknown = Object.keys(channel).find((k) => !allowed.includes(k));
  if (unknown !== undefined) {
    return `${field}.${unknown}: unknown field (a ${type} channel takes ${allowed.slice(1).join(', ')})`;
  }
  if (channel.lang !== undefined && !(ALERT_LANGS as readonly unknown[]).includes(channel.lang)) {
    return `${field}.lang: must be vi or en`;
  }
  switch (type) {
    case 'webhook':
      return webhookProblem(channel, field);
    case 'email':
      return emailProblem(channel, field);
    default:
      return httpProblem(channel, field);
  }
}

function webhookProblem(channel: Record<string, unknown>, field: string): string | null {
  const url = httpUrlProblem(channel.url);
  if (url) return `${field}.url: ${url}`;
  if (channel.secret !== undefined) {
    if (typeof channel.secret !== 'string' || channel.secret.length === 0) {
      return `${field}.secret: must be a non-empty string`;
    }
    if (channel.secret.length > MAX_SECRET_LENGTH) {
      return `${field}.secret: must be at most ${MAX_SECRET_LENGTH} characters`;
    }
  }
  return null;
}

function emailProblem(channel: Record<string, unknown>, field: string): string | null {
  const to = channel.to;
  if (typeof to !== 'string' || to.length > 254 || !EMAIL.test(to)) {
    return `${field}.to: must be an e-mail address (one address, like ops@example.gov.vn)`;
  }
  return null;
}

function httpProblem(channel: Record<string, unknown>, field: string): string | null {
  const method = channel.method;
  if (typeof method !== 'string' || !(HTTP_CHANNEL_METHODS as readonly string[]).includes(method)) {
    return `${field}.method: must be one of ${HTTP_CHANNEL_METHODS.join(', ')}`;
  }
  if (typeof channel.url !== 'string') return `${field}.url: must be an http:// or https:// URL`;
  const urlTemplate = templateProblem(channel.url);
  if (urlTemplate) return `${field}.url: ${urlTemplate}`;
  // The host must be written out: only the path and query may hold {{fields}}.
  if (!/^https?:\/\/[^/?#{}]+([/?#]|$)/i.test(channel.url)) {
    return `${field}.url: must be an http:// or https:// URL (fields may be used in its path and query, not its host)`;
  }
  const headers = channel.headers;
  if (headers !== undefined) {
    if (!isObject(headers)) return `${field}.headers: must be an object of header names to string values`;
    const names = Object.keys(headers);
    if (names.length > MAX_HEADERS) return `${field}.headers: at most ${MAX_HEADERS} headers`;
    for (const name of names) {
      const value = headers[name];
      if (!HEADER_NAME.test(name)) return `${field}.headers: "${name}" is not a valid header name`;
      if (RESERVED_HEADERS.includes(name.toLowerCase())) {
        return `${field}.headers.${name}: set by the delivery itself, leave it out`;
      }
      if (typeof value !== 'string') return `${field}.headers.${name}: must be a string`;
      if (value.length > MAX_HEADER_VALUE_LENGTH || /[\r\n\0]/.test(value)) {
        return `${field}.headers.${name}: must be one line of at most ${MAX_HEADER_VALUE_LENGTH} characters`;
      }
      const problem = templateProblem(value);
      if (problem) return `${field}.headers.${name}: ${problem}`;
    }
  }
  const body = channel.body;
  if (typeof body !== 'string') return `${field}.body: must be a string (a mustache template)`;
  if (body.length > MAX_TEMPLATE_LENGTH) {
    return `${field}.body: must be at most ${MAX_TEMPLATE_LENGTH} characters (it has ${body.length})`;
  }
  const bodyTemplate = templateProblem(body);
  if (bodyTemplate) return `${field}.body: ${bodyTemplate}`;
  // What it renders to must still be a URL fetch accepts.
  const sample = renderHttpRequest(
    { method, url: channel.url, body, headers: headers as Record<string, string> | undefined },
    SAMPLE_TEMPLATE_VIEW,
  );
  const rendered = httpUrlProblem(sample.url);
  if (rendered) return `${field}.url: ${rendered}`;
  return null;
}
