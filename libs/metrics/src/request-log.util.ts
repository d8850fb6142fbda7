import type { LogLevel } from '@nestjs/common';

/** Longest path written to a log line (a longer one is cut, with `...`). */
export const LOGGED_PATH_MAX = 200;

/** Routes polled by machines (load balancers, Prometheus): their lines are logged at debug level. */
const QUIET_ROUTES = new Set(['/health', '/metrics']);

/**
 * The path of a request URL without its query string or fragment: a query may carry a key
 * (`/wall?key=...`), and no key is ever logged. Cut to LOGGED_PATH_MAX characters.
 */
export function loggedPath(url: string | undefined): string {
  const raw = url ?? '';
  const end = raw.search(/[?#]/);
  const path = end === -1 ? raw : raw.slice(0, end);
  return path.length > LOGGED_PATH_MAX ? `${path.slice(0, LOGGED_PATH_MAX - 3)}...` : path || '/';
}

/**
 * The `route` label of a request: the pattern of the route that answered it (`/api/v1/series/:indicator/:scope/latest`),
 * never the path itself (one series per URL would grow without bound); `unmatched` when no route took it
 * (404, or a body refused before routing: 400, 413).
 */
export function routeLabel(baseUrl: string | undefined, routePath: unknown): string {
  if (typeof routePath !== 'string') return 'unmatched';
  const full = `${baseUrl ?? ''}${routePath}`;
  return full.length > 1 && full.endsWith('/') ? full.slice(0, -1) : full || '/';
}

/** How loud a request's line is: polled routes at debug, server errors at warn, the rest at log. */
export function requestLogLevel(route: string, status: number): LogLevel {
  if (QUIET_ROUTES.has(route)) return 'debug';
  return status >= 500 ? 'warn' : 'log';
}

/** What one request line says; `key` is the key's name (never the key), absent without a known key. */
export interface RequestLine {
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  key?: string;
  aborted?: boolean;
}

/** The text of a request line: `GET /api/v1/latest 200 3.1 ms key=wall-1`. */
export function requestLineText(line: RequestLine): string {
  const who = line.key === undefined ? '' : ` key=${line.key}`;
  const aborted = line.aborted ? ' (client went away)' : '';
  return `${line.method} ${line.path} ${line.status} ${line.latencyMs} ms${who}${aborted}`;
}

/** Milliseconds between two `process.hrtime.bigint()` readings, to 0.1 ms. */
export function elapsedMs(start: bigint, end: bigint): number {
  return Math.round(Number(end - start) / 1e5) / 10;
}
