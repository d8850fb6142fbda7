import { createHash } from 'node:crypto';

/** The request header that makes a POST /api/v1/ingest safe to repeat. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** 1 to 200 printable ASCII characters (space to tilde). */
const VALID_KEY = /^[\x20-\x7e]{1,200}$/;

/** Why an Idempotency-Key header value is refused (a sentence naming the header), or null. */
export function idempotencyKeyProblem(raw: string): string | null {
  return VALID_KEY.test(raw) ? null : `${IDEMPOTENCY_HEADER}: must be 1 to 200 printable ASCII characters`;
}

/** Redis key of the answer remembered for (API key, Idempotency-Key): the header is hashed, never stored. */
export function idempotencyRedisKey(redisPrefix: string, keyId: string, idempotencyKey: string): string {
  const hash = createHash('sha256').update(idempotencyKey).digest('hex');
  return `${redisPrefix}:idem:${keyId}:${hash}`;
}
