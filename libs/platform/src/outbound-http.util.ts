/*
 * Calls ioc-stream makes to other systems (alert webhooks and http channels, HTTP poll sources): a
 * failed fetch said in words, and a body read that never holds more than asked.
 */

/** A failed `fetch` in words a person can act on (`connection refused`, `no answer within 10 s`...). */
export function fetchFailure(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = e?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found (DNS)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the other side before it answered';
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

/**
 * Reads an answer's body until at least `max` bytes (whole chunks: the result may be a little longer,
 * so a caller can tell "more than max" by its length) or its end, then cancels the rest unread. A
 * stream that fails or times out while being read throws that error.
 */
export async function readBodyAtMost(res: Response, max: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks);
}
