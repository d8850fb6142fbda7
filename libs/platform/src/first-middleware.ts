import type { NestMiddleware } from '@nestjs/common';

/**
 * A provider under this token (a NestMiddleware) is mounted before every other HTTP middleware, the
 * body parser included, so that it sees every request, also one the body parser refuses (400, 413):
 * the request log of libs/metrics. Module middleware (`configure(consumer)`) would come after the body
 * parser and miss those.
 */
export const FIRST_HTTP_MIDDLEWARE = 'ioc:first-http-middleware';

export type FirstHttpMiddleware = NestMiddleware;
