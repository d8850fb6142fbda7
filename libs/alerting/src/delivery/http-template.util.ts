import Mustache from 'mustache';

/** Longest `body` template an `http` channel may have (characters). */
export const MAX_TEMPLATE_LENGTH = 10_000;

/**
 * The fields an `http` channel's templates (`url`, header values, `body`) can use. Every value is a
 * string (numbers as JavaScript prints them, times as ISO 8601), an absent one is `''`; `wallUrl` is the
 * wall showing the alert's scope (`${IOC_PUBLIC_URL}/wall?scope=...`). A digest
 * (deliveries the channel cap held back, see docs/alerting.md) sets `state` to `digest`, `reason` to one
 * sentence that counts and lists them, and `held` to their number.
 */
export const HTTP_TEMPLATE_FIELDS = [
  'indicator',
  'indicatorName',
  'scope',
  'scopeName',
  'value',
  'unit',
  'threshold',
  'severity',
  'state',
  'reason',
  'firedAt',
  'acknowledgedBy',
  'deliveryId',
  'wallUrl',
  'held',
] as const;
export type HttpTemplateField = (typeof HTTP_TEMPLATE_FIELDS)[number];
export type HttpTemplateView = Record<HttpTemplateField, string>;

/** A view with every field set to `x`, to try a template out. */
export const SAMPLE_TEMPLATE_VIEW = Object.fromEntries(HTTP_TEMPLATE_FIELDS.map((f) => [f, 'x'])) as HttpTemplateView;

/** Renders channel templates; its own writer, so nothing here changes mustache's global settings. */
const writer = new Mustache.Writer();
/** Parses templates that arrive from outside without keeping them (the writer above caches). */
const checker = new Mustache.Writer();
(checker as unknown as { templateCache?: unknown }).templateCache = undefined;

/** Why `template` is not a usable mustache template, or null. */
export function templateProblem(template: string): string | null {
  try {
    checker.parse(template);
    return null;
  } catch (err) {
    return `not a valid mustache template: ${(err as Error).message.split('\n')[0]}`;
  }
}

/**
 * A value escaped to sit inside a JSON string literal (without the quotes): quotes, backslashes and
 * control characters (and U+2028/U+2029) escaped, so `"text": "{{reason}}"` stays valid JSON whatever
 * the reason says.
 */
export function escapeJsonString(value: unknown): string {
  return JSON.stringify(String(value))
    .slice(1, -1)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A value as it may sit in a URL (one query value or path segment). */
export function escapeUrlComponent(value: unknown): string {
  return encodeURIComponent(String(value));
}

const identity = (value: unknown): string => String(value);

/** Is a `Content-Type` value a JSON one (`application/json`, `application/*+json`, with parameters)? */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^[a-z]+\/[a-z0-9.+-]*\+json$/.test(type);
}

/** The value of a header, whatever the case of its name. */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export interface RenderedHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Absent for GET. */
  body?: string;
}

/**
 * An `http` channel's request for one message. `{{field}}` is escaped for where it lands: for a URL
 * component in `url`, for a JSON string in `body` when `Content-Type` is JSON, not at all elsewhere (no
 * HTML escaping: these are not web pages). `{{{field}}}` never escapes. Header values lose line breaks.
 */
export function renderHttpRequest(
  channel: { method: string; url: string; headers?: Record<string, string>; body: string },
  view: HttpTemplateView,
): RenderedHttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(channel.headers ?? {})) {
    headers[name] = writer.render(template, view, undefined, { escape: identity }).replace(/[\r\n\0]+/g, ' ');
  }
  const url = writer.render(channel.url, view, undefined, { escape: escapeUrlComponent });
  const method = channel.method.toUpperCase();
  if (method === 'GET') return { method, url, headers };
  const escape = isJsonContentType(headerValue(headers, 'content-type')) ? escapeJsonString : identity;
  return { method, url, headers, body: writer.render(channel.body, view, undefined, { escape }) };
}
