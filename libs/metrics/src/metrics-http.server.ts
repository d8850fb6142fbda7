import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { AppConfig, ENV_NAMES } from '@app/config';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options';
import { Metrics } from './metrics.service';
import { loggedPath } from './request-log.util';
import { scrapeCaller } from './scrape-access.util';

/**
 * GET /metrics of a process without an HTTP API (the worker), on IOC_METRICS_PORT: the same text as the
 * gateway's, for IOC_ADMIN_KEY or IOC_METRICS_TOKEN as a bearer token (keys made through the API are
 * in the database, which this small server does not ask). Nothing else is served.
 */
@Injectable()
export class MetricsHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.options.standalonePort;
    if (port === undefined) return;
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((listening, failed) => {
      server.once('error', failed);
      server.listen(port, () => {
        server.off('error', failed);
        listening();
      });
    }).catch((err: Error) => {
      throw new Error(`${ENV_NAMES.metricsPort}=${port}: cannot serve /metrics there (${err.message})`);
    });
    this.server = server;
    this.logger.log(`GET /metrics on port ${port}`);
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = loggedPath(req.url);
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const error = (status: number, name: string, message: string) =>
      reply(status, JSON.stringify({ statusCode: status, error: name, message }));
    if (path !== '/metrics') return error(404, 'Not Found', `only GET /metrics is served on this port`);
    if (req.method !== 'GET') return error(405, 'Method Not Allowed', 'only GET /metrics is served on this port');
    const caller = scrapeCaller(req.headers.authorization, [
      { name: ENV_NAMES.adminKey, value: this.config.adminKey },
      { name: ENV_NAMES.metricsToken, value: this.config.metricsToken },
    ]);
    if (!caller) {
      return error(
        401,
        'Unauthorized',
        `send Authorization: Bearer <${ENV_NAMES.adminKey} or ${ENV_NAMES.metricsToken}>`,
      );
    }
    try {
      reply(200, await this.metrics.scrape(), this.metrics.contentType);
    } catch (err) {
      this.logger.warn(`GET /metrics: ${(err as Error).message}`);
      error(500, 'Internal Server Error', 'the metrics could not be collected');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
  }
}
