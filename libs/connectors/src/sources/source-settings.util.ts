import { SECRET_MASK } from '@app/contracts';
import { mappingProblem } from '../mapping/source-mapping.util';
import { type SelfAddress, sourceUrlProblem } from './source-url.util';

/** Limits and defaults of an HTTP poll's settings. */
export const HTTP_POLL_LIMITS = {
  defaultTimeoutMs: 10_000,
  minTimeoutMs: 100,
  maxTimeoutMs: 60_000,
  defaultMaxBytes: 5 * 1024 * 1024,
  maxMaxBytes: 50 * 1024 * 1024,
  maxHeaders: 30,
  maxHeaderValueLength: 4000,
  maxBodyLength: 64 * 1024,
  /** Redirects followed at most per run (each to http(s) only, each checked like the URL). */
  maxRedirects: 3,
} as const;

/** Header names whose values are secrets: stored encrypted, shown as "***", never logged. */
export const SECRET_HEADER = /authorization|cookie|token|secret|key|pass|auth|session|signature|credential/i;
/** Headers that the poller sets itself. */
const RESERVED_HEADERS = [
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'if-none-match',
  'if-modified-since',
];
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** What validation needs to know about the service. */
export interface SettingsContext {
  self: SelfAddress;
  minIntervalSeconds: number;
}

/** An HTTP poll's settings, split: what may be shown and stored in clear, and the secrets. */
export interface ParsedHttpSettings {
  settings: {
    url: string;
    method: 'GET' | 'POST';
    /** Secret headers' values replaced by SECRET_MASK. */
    headers: Record<string, string>;
    body?: string;
    intervalSeconds?: number;
    cron?: string;
    timeoutMs: number;
    maxBytes: number;
    mapping: Record<string, unknown>;
  };
  secrets: { headers: Record<string, string> };
}

/** A readable 400: names the field and what is expected. */
export class SettingsProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsProblem';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields an HTTP poll takes (besides name, kind and paused). */
export const HTTP_SETTING_FIELDS = [
  'url',
  'method',
  'headers',
  'body',
  'intervalSeconds',
  'cron',
  'timeoutMs',
  'maxBytes',
  'mapping',
] as const;

/**
 * Checks an HTTP poll's settings and splits off its secrets. `input.headers` values equal to "***"
 * stand for the value stored before (`storedSecrets`), so a client may send back what it was shown.
 * Throws a SettingsProblem naming the field.
 */
export function parseHttpSettings(
  input: Record<string, unknown>,
  ctx: SettingsContext,
  storedSecrets: { headers?: Record<string, string> } = {},
): ParsedHttpSettings {
  const fail = (m: string): never => {
    throw new SettingsProblem(m);
  };
  const urlProblem = sourceUrlProblem(input.url, ctx.self);
  if (urlProblem) fail(`url: ${urlProblem}`);
  const method = input.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') fail('method: must be GET or POST');
  if (input.body !== undefined) {
    if (method !== 'POST') fail('body: only a POST sends a body');
    if (typeof input.body !== 'string' || input.body.length > HTTP_POLL_LIMITS.maxBodyLength) {
      fail(`body: must be a string of at most ${HTTP_POLL_LIMITS.maxBodyLength} characters`);
    }
  }

  const headers: Record<string, string> = {};
  const secretHeaders: Record<string, string> = {};
  if (input.headers !== undefined) {
    if (!isObject(input.headers)) fail('headers: must be an object of header names to string values');
    const entries = Object.entries(input.headers as Record<string, unknown>);
    if (entries.length > HTTP_POLL_LIMITS.maxHeaders) fail(`headers: at most ${HTTP_POLL_LIMITS.maxHeaders}`);
    for (const [name, value] of entries) {
      if (!HEADER_NAME.test(name)) fail(`headers: "${name.slice(0, 100)}" is not a valid header name`);
      if (RESERVED_HEADERS.includes(name.toLowerCase())) fail(`headers.${name}: set by the poller itself`);
      if (typeof value !== 'string' || value.length > HTTP_POLL_LIMITS.maxHeaderValueLength || /[\r\n\0]/.test(value)) {
        fail(
          `headers.${name}: must be a single-line string of at most ${HTTP_POLL_LIMITS.maxHeaderValueLength} characters`,
        );
      }
      if (SECRET_HEADER.test(name)) {
        let secret = value as string;
        if (secret === SECRET_MASK) {
          const stored = findHeader(storedSecrets.headers ?? {}, name);
          if (stored === undefined)
            fail(`headers.${name}: "${SECRET_MASK}" stands for the stored value, and none is stored`);
          secret = stored as string;
        }
        secretHeaders[name] = secret;
        headers[name] = SECRET_MASK;
      } else headers[name] = value as string;
    }
  }

  const schedule = parseSchedule(input.intervalSeconds, input.cron, ctx.minIntervalSeconds);
  const timeoutMs = intIn(input.timeoutMs, 'timeoutMs', HTTP_POLL_LIMITS.minTimeoutMs, HTTP_POLL_LIMITS.maxTimeoutMs);
  const maxBytes = intIn(input.maxBytes, 'maxBytes', 1, HTTP_POLL_LIMITS.maxMaxBytes);
  if (input.mapping === undefined) fail('mapping: required ({points} or {each?, indicator, scope, ts?, value})');
  const problem = mappingProblem(input.mapping);
  if (problem) fail(problem);

  return {
    settings: {
      url: input.url as string,
      method: method as 'GET' | 'POST',
      headers,
      ...(input.body !== undefined ? { body: input.body as string } : {}),
      ...schedule,
      timeoutMs: timeoutMs ?? HTTP_POLL_LIMITS.defaultTimeoutMs,
      maxBytes: maxBytes ?? HTTP_POLL_LIMITS.defaultMaxBytes,
      mapping: input.mapping as Record<string, unknown>,
    },
    secrets: { headers: secretHeaders },
  };
}

/** Exactly one of `intervalSeconds` (at least the minimum) and `cron` (5 or 6 fields). */
export function parseSchedule(
  intervalSeconds: unknown,
  cron: unknown,
  minIntervalSeconds: number,
): { intervalSeconds: number } | { cron: string } {
  if (intervalSeconds !== undefined && cron !== undefined) {
    throw new SettingsProblem('intervalSeconds, cron: give one of them, not both');
  }
  if (cron !== undefined) {
    if (typeof cron !== 'string') throw new SettingsProblem('cron: must be a cron pattern such as "*/5 * * * *"');
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      throw new SettingsProblem('cron: must have 5 fields (minute hour day month weekday) or 6 (seconds first)');
    }
    if (fields.length === 6 && !/^\d{1,2}$/.test(fields[0]) && minIntervalSeconds > 1) {
      throw new SettingsProblem(
        `cron: a seconds field other than one number fires more often than once a minute; the shortest interval is ${minIntervalSeconds} s`,
      );
    }
    return { cron: fields.join(' ') };
  }
  const every = intervalSeconds ?? Math.max(60, minIntervalSeconds);
  if (typeof every !== 'number' || !Number.isInteger(every)) {
    throw new SettingsProblem('intervalSeconds: must be a whole number of seconds');
  }
  if (every < minIntervalSeconds) {
    throw new SettingsProblem(
      `intervalSeconds: ${every} is too short: at least ${minIntervalSeconds} (IOC_SOURCE_MIN_INTERVAL_SECONDS)`,
    );
  }
  if (every > 31 * 86_400) throw new SettingsProblem('intervalSeconds: at most 2678400 (31 days); use cron for longer');
  return { intervalSeconds: every };
}

function intIn(v: unknown, field: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SettingsProblem(`${field}: must be a whole number from ${min} to ${max}`);
  }
  return v;
}

function findHeader(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}
