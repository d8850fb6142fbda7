import { fetchFailure, readBodyAtMost } from '@app/platform';
import { redactUrl } from './delivery-id.util';

/** Limits of one HTTP try (webhook and http channels). */
export interface HttpTryLimits {
  /** The whole try: connecting, sending, the answer's headers and the part of its body read. */
  timeoutMs: number;
  /** Bytes of an answer's body read at most (for the error text); the rest is never read. */
  maxAnswerBytes: number;
}

export const HTTP_TRY_LIMITS: HttpTryLimits = { timeoutMs: 10_000, maxAnswerBytes: 64 * 1024 };

/** Characters of a failed answer's body quoted in the error. */
const QUOTED = 300;

export interface BoundedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Sends one request and resolves when the receiver answered 2xx; otherwise throws an Error whose
 * message says what happened in words (`POST https://x/… answered HTTP 500: <start of the body>`).
 * Redirects are never followed (a 3xx is a failure: it could point anywhere, an internal address
 * included). The time limit covers the whole try; of a failed answer at most `maxAnswerBytes` are
 * read, then the stream is cancelled (the body of a 2xx answer is not read at all).
 */
export async function sendBoundedRequest(req: BoundedRequest, limits: HttpTryLimits = HTTP_TRY_LIMITS): Promise<void> {
  const where = `${req.method} ${redactUrl(req.url)}`;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    throw new Error(`${where}: ${fetchFailure(err, limits.timeoutMs)}`, { cause: err });
  }
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel().catch(() => undefined);
    return;
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => undefined);
    const location = res.headers.get('location');
    throw new Error(
      `${where} answered HTTP ${res.status}, a redirect${location ? ` to ${redactUrl(new URL(location, req.url).href)}` : ''}: ` +
        'not followed (give the channel the final URL)',
    );
  }
  // Timed out or cut off while reading: the status already says it failed.
  const body = await readBodyAtMost(res, limits.maxAnswerBytes).catch(() => Buffer.alloc(0));
  const answer = new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, limits.maxAnswerBytes));
  const quoted = answer.replace(/\s+/g, ' ').trim().slice(0, QUOTED);
  throw new Error(`${where} answered HTTP ${res.status}${quoted ? `: ${quoted}` : ''}`);
}
