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
    throw new Error(`${where}: ${fetchFailure(err, limits)}`, { cause: err });
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
  const answer = await readAtMost(res, limits.maxAnswerBytes);
  const quoted = answer.replace(/\s+/g, ' ').trim().slice(0, QUOTED);
  throw new Error(`${where} answered HTTP ${res.status}${quoted ? `: ${quoted}` : ''}`);
}

/** The start of an answer's body (at most `max` bytes, as text), then the rest is cancelled unread. */
async function readAtMost(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = max - size;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      size += Math.min(value.byteLength, room);
    }
  } catch {
    // Timed out or cut off while reading: the status already says it failed.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/** A failed fetch in words. */
function fetchFailure(err: unknown, limits: HttpTryLimits): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${limits.timeoutMs / 1000} s`;
  const code = e?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found (DNS)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the receiver before it answered';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'could not connect (timed out)';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate not accepted (${code})`;
  }
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  return code ? `${detail} (${code})` : detail;
}
