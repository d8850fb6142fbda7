import { createHash, timingSafeEqual } from 'node:crypto';

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** Equal strings, compared in constant time (over their SHA-256, so lengths do not show either). */
export function sameToken(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Who may scrape a process without the key database (the worker's own /metrics port): the name of
 * the setting whose secret the bearer token equals, or null. Unset secrets admit nobody.
 */
export function scrapeCaller(
  header: string | undefined,
  secrets: { name: string; value: string | undefined }[],
): string | null {
  const token = bearerOf(header);
  if (token === undefined) return null;
  let found: string | null = null;
  // Every secret is compared, so the time taken does not tell which one matched.
  for (const s of secrets) if (s.value && sameToken(token, s.value) && found === null) found = s.name;
  return found;
}
