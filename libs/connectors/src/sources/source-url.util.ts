/** What counts as "the service itself" for a source URL: its own port on a loopback name, and its public host. */
export interface SelfAddress {
  port: number;
  publicUrl?: string;
}

const MAX_URL_LENGTH = 2000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '[::]']);

/**
 * Why `url` may not be polled, or null: it must be an absolute http(s) URL without user:password@
 * (credentials go in a header, where they are encrypted), and must not point at ioc-stream itself
 * (its own PORT on localhost, 127.0.0.1 or ::1, or IOC_PUBLIC_URL's host), which would feed the
 * service its own answers. Also applied to every redirect.
 */
export function sourceUrlProblem(url: unknown, self: SelfAddress): string | null {
  if (typeof url !== 'string' || url.length === 0) return 'must be an http:// or https:// URL';
  if (url.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be an http:// or https:// URL';
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) return 'must be an http:// or https:// URL';
  if (u.username || u.password) {
    return 'must not carry user:password@ (give an Authorization header instead: header values are stored encrypted)';
  }
  if (pointsAtSelf(u, self)) return 'points at ioc-stream itself (its own PORT or IOC_PUBLIC_URL): not allowed';
  return null;
}

function pointsAtSelf(u: URL, self: SelfAddress): boolean {
  const host = u.hostname.toLowerCase();
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  if ((LOOPBACK.has(host) || /^127\./.test(host)) && port === self.port) return true;
  if (self.publicUrl) {
    try {
      if (new URL(self.publicUrl).hostname.toLowerCase() === host) return true;
    } catch {
      /* config validates it */
    }
  }
  return false;
}
