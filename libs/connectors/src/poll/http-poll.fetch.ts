import { fetchFailure, readBodyAtMost } from '@app/platform';
import { SECRET_HEADER } from '../sources/source-settings.util';

/** One poll request as the runner sends it. */
export interface PollRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Validators of the last answer, sent back so that an unchanged answer is a cheap 304. */
  etag?: string;
  lastModified?: string;
}

export interface PollLimits {
  /** The whole try: connecting, redirects, headers and body. */
  timeoutMs: number;
  /** Bytes of a body read at most: past it the stream is cancelled and the run fails. */
  maxBytes: number;
  maxRedirects: number;
  /** Why a redirect target may not be followed, or null (the same check as the source's URL). */
  urlProblem(url: string): string | null;
}

export type PollAnswer =
  { status: 304 } | { status: number; body: Buffer; etag?: string; lastModified?: string; contentType?: string };

/** A failed poll: the message says what happened in words, without secrets. */
export class PollFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PollFailure';
  }
}

/**
 * Polls once: conditional (If-None-Match / If-Modified-Since), redirects followed by hand (at most
 * `maxRedirects`, each target checked by `urlProblem`: http(s), not the service itself), the whole
 * try within `timeoutMs`, the body read as a stream and cut off past `maxBytes`. Resolves with a 304
 * or a 2xx answer; anything else throws a PollFailure.
 */
export async function pollOnce(req: PollRequest, limits: PollLimits): Promise<PollAnswer> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  let url = req.url;
  let method = req.method;
  let body = req.body;
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, redirect: 'manual', signal });
    } catch (err) {
      throw new PollFailure(`${method} ${redact(url)}: ${fetchFailure(err, limits.timeoutMs)}`);
    }
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      return { status: 304 };
    }
    if ([301, 302, 303, 307, 308].includes(res.status)) {
      await res.body?.cancel().catch(() => undefined);
      const location = res.headers.get('location');
      if (!location) throw new PollFailure(`${method} ${redact(url)} answered HTTP ${res.status} without a Location`);
      if (hop >= limits.maxRedirects) {
        throw new PollFailure(`${method} ${redact(req.url)}: more than ${limits.maxRedirects} redirects`);
      }
      let next: string;
      try {
        next = new URL(location, url).href;
      } catch {
        throw new PollFailure(`${method} ${redact(url)} redirected to an address that is not a URL`);
      }
      const problem = limits.urlProblem(next);
      if (problem) throw new PollFailure(`${method} ${redact(url)} redirected to ${redact(next)}, which ${problem}`);
      // Secret headers (credentials) stay with the origin they were given for.
      if (new URL(next).origin !== new URL(url).origin) stripCredentials(headers);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      const start = await readAtMost(res, 2048, signal, limits.timeoutMs).catch(() => Buffer.alloc(0));
      const quoted = start.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
      throw new PollFailure(`${method} ${redact(url)} answered HTTP ${res.status}${quoted ? `: ${quoted}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new PollFailure(
        `${method} ${redact(url)}: the answer has ${declared} bytes, over maxBytes (${limits.maxBytes})`,
      );
    }
    const data = await readAtMost(res, limits.maxBytes + 1, signal, limits.timeoutMs, `${method} ${redact(url)}`);
    if (data.length > limits.maxBytes) {
      throw new PollFailure(
        `${method} ${redact(url)}: the answer is over maxBytes (${limits.maxBytes} bytes); reading stopped`,
      );
    }
    return {
      status: res.status,
      body: data,
      etag: res.headers.get('etag') ?? undefined,
      lastModified: res.headers.get('last-modified') ?? undefined,
      contentType: res.headers.get('content-type') ?? undefined,
    };
  }
}

/** Reads a body up to `max` bytes (whole chunks), then cancels the stream; a failed read said in words. */
async function readAtMost(
  res: Response,
  max: number,
  signal: AbortSignal,
  timeoutMs: number,
  where = '',
): Promise<Buffer> {
  try {
    return await readBodyAtMost(res, max);
  } catch (err) {
    if (signal.aborted) throw new PollFailure(`${where}: the answer did not arrive within ${timeoutMs / 1000} s`);
    throw new PollFailure(`${where}: the answer was cut off (${(err as Error).message})`);
  }
}

function stripCredentials(headers: Record<string, string>): void {
  for (const name of Object.keys(headers)) {
    if (SECRET_HEADER.test(name)) delete headers[name];
  }
}

/** A URL for messages: no user info, no query string (tokens often travel there). */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '<invalid url>';
  }
}
