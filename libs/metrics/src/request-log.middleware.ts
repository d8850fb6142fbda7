import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { AuthenticatedRequest } from '@app/platform';
import type { Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { Metrics } from './metrics.service';
import {
  elapsedMs,
  loggedPath,
  requestLogLevel,
  requestLineText,
  routeLabel,
  type RequestLine,
} from './request-log.util';

/**
 * One log line per HTTP request (method, path without its query string, status, latency, the key's
 * name; never a key) and `ioc_http_request_duration_seconds`. Mounted before every other middleware
 * (FIRST_HTTP_MIDDLEWARE), so it also sees requests the body parser refuses. Socket.IO's own HTTP
 * requests (`/socket.io/`) do not pass through Express and are not logged here.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly json: boolean;

  constructor(metrics: Metrics, config: AppConfig) {
    this.json = config.logFormat === 'json';
    this.duration = metrics.histogram({
      name: 'ioc_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status, and how long each took to answer (route "unmatched": no route took it)',
      labelNames: ['method', 'route', 'status'],
    });
  }

  use(req: Request, res: Response, next: () => void): void {
    const started = process.hrtime.bigint();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.record(req, res, started);
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  }

  private record(req: Request, res: Response, started: bigint): void {
    const latencyMs = elapsedMs(started, process.hrtime.bigint());
    const route = routeLabel(req.baseUrl, (req as { route?: { path?: unknown } }).route?.path);
    const status = res.statusCode;
    this.duration.observe({ method: req.method, route, status }, latencyMs / 1000);
    const line: RequestLine = {
      method: req.method,
      path: loggedPath(req.originalUrl ?? req.url),
      status,
      latencyMs,
      key: (req as AuthenticatedRequest).callerName,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    const level = requestLogLevel(route, status);
    // JSON lines carry the fields themselves; text lines say it all in the message.
    if (this.json) this.logger[level](requestLineText(line), { ...line, route });
    else this.logger[level](requestLineText(line));
  }
}
