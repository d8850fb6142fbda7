import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new key: `ioc_` + 32 random bytes, url-safe. */
export function generateApiKey(): string {
  return `ioc_${randomBytes(32).toString('base64url')}`;
}

/** Keys are high-entropy, so a plain SHA-256 is a safe, fast way to store and look them up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
