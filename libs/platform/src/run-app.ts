import {
  ConsoleLogger,
  type DynamicModule,
  type INestApplication,
  type INestApplicationContext,
  Logger,
  type LogLevel,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { setFlagsFromString } from 'node:v8';
import { type AppConfig, ConfigError, loadConfig } from '@app/config';
import { ensureRedis, type RedisHandle, redactUrl } from '@app/redis';
import { ErrorBodyDto } from './error-body.dto';
import { FIRST_HTTP_MIDDLEWARE, type FirstHttpMiddleware } from './first-middleware';
import { HttpExceptionFilter } from './http-exception.filter';
import { jsonDepthExceeds, JsonTooDeepError } from './json-depth.util';
import { ASYNCAPI_PATH, liveAsyncApiDocument } from './live-asyncapi.document';
import { createValidationPipe } from './validation.pipe';

export interface AppSpec {
  /** server, gateway or worker: printed in the ready line. */
  name: string;
  /** Builds the root module from the validated configuration. */
  module: (config: AppConfig) => DynamicModule;
  /** Serves HTTP and Socket.IO (gateway, server) or only runs in the background (worker). */
  http: boolean;
  /** Extra lines for the ready message (the demo's keys and URLs). */
  readyLines?: (app: INestApplicationContext, baseUrl: string) => string[];
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Starts one ioc-stream process: validated config, Redis (found or started), the Nest app, and
 * one ready line. Stops cleanly on SIGTERM/SIGINT: HTTP closes, workers finish their jobs.
 */
export async function runApp(spec: AppSpec): Promise<void> {
  const logger = new Logger('ioc-stream');
  let config: AppConfig;
  try {
    config = loadConfig(undefined, undefined, { servesHttp: spec.http });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`ioc-stream: ${err.message}\nFix the variable(s) above and start again.`);
      process.exit(1);
    }
    throw err;
  }

  // Every line from here on goes through one ConsoleLogger: text, or one JSON object a line (LOG_FORMAT).
  const consoleLogger = createConsoleLogger(config);
  Logger.overrideLogger(consoleLogger);

  let redis: RedisHandle;
  try {
    redis = await ensureRedis(config.redisUrl, config.dataDir, (m) => logger.log(m));
  } catch (err) {
    logger.error(`ioc-stream: ${(err as Error).message}`);
    process.exit(1);
  }
  config.redisUrl = redis.url;

  // Memory stays close to what is in use (V8 would let the heap grow up to 4 times between collections).
  if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const app = spec.http
    ? await NestFactory.create<NestExpressApplication>(spec.module(config), {
        logger: consoleLogger,
        bodyParser: false,
      })
    : await NestFactory.createApplicationContext(spec.module(config), { logger: consoleLogger });
  stopOnSignals(app, redis, logger);

  let baseUrl = '';
  if (spec.http) {
    const http = app as NestExpressApplication;
    configureHttpApp(http, config);
    await http.listen(config.port);
    const port = (http.getHttpServer().address() as { port: number }).port;
    baseUrl = config.publicUrl ?? `http://localhost:${port}`;
  }
  const lines = spec.readyLines?.(app, baseUrl) ?? [];
  const where = spec.http ? ` on ${baseUrl}` : '';
  logger.log(`${spec.name} ready${where} (redis ${redactUrl(redis.url)}, database ${describeDatabase(config)})`);
  for (const line of lines) logger.log(line);
}

/**
 * Nest's own logger at LOG_LEVEL: text for a terminal, or with LOG_FORMAT=json one JSON object a line
 * (`level`, `pid`, `timestamp`, `message`, `context`, and the fields a line passes as its last plain
 * object, e.g. the request log's `method`, `path`, `status`, `latencyMs`, `key`).
 */
export function createConsoleLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): ConsoleLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  return config.logFormat === 'json'
    ? new ConsoleLogger({ json: true, flattenParams: true, logLevels })
    : new ConsoleLogger({ logLevels });
}

/**
 * SIGTERM/SIGINT: close the app (HTTP stops taking requests, BullMQ workers finish their jobs,
 * connections close), then the embedded Redis if this process started it, then exit 0.
 */
function stopOnSignals(app: INestApplicationContext, redis: RedisHandle, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    const forced = setTimeout(() => {
      logger.error('shutdown took over 30 s: exiting anyway');
      process.exit(1);
    }, 30_000);
    forced.unref();
    app
      .close()
      .then(() => redis.stop())
      .then(() => process.exit(0))
      .catch((err: Error) => {
        logger.error(`shutdown failed: ${err.message}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Pipes, filters, body limits and the OpenAPI and AsyncAPI docs of an HTTP app (also used by tests). */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  // The request log (when the app has one) before anything else, so it sees every request.
  const first = optionalProvider<FirstHttpMiddleware>(app, FIRST_HTTP_MIDDLEWARE);
  if (first) app.use((req: unknown, res: unknown, next: () => void) => first.use(req, res, next));
  // Every JSON body: refused before parsing when nested deeper than IOC_MAX_JSON_DEPTH (a deep body
  // would otherwise overflow the stack of whatever walks it: 500). One linear byte scan. Nest's typing
  // leaves `verify` out because its `rawBody` option takes it over: that option must stay off here.
  const json = {
    limit: config.ingestMaxBodyBytes,
    strict: false,
    verify: (_req: unknown, _res: unknown, buf: Buffer) => {
      if (jsonDepthExceeds(buf, config.maxJsonDepth)) throw new JsonTooDeepError(config.maxJsonDepth);
    },
  };
  app.useBodyParser('json', json);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.disable('x-powered-by');
  const doc = new DocumentBuilder()
    .setTitle('ioc-stream')
    .setDescription(
      'Real-time indicators for an Intelligent Operations Centre: catalogue, ingest, queries. ' +
        `Live values: Socket.IO namespace /live, described by the AsyncAPI document at ${ASYNCAPI_PATH} ` +
        '(and docs/protocol.md). Every error answer is an ErrorBodyDto {statusCode, error, message}.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  // Both documents are public, served by the HTTP adapter itself (no guard runs): they hold no data.
  const asyncApi = liveAsyncApiDocument(config.publicUrl ?? `http://localhost:${config.port}`);
  const http = app.getHttpAdapter();
  http.get(ASYNCAPI_PATH, (_req: unknown, res: unknown) => http.reply(res, asyncApi, 200));
  SwaggerModule.setup('api/docs', app as unknown as INestApplication, () =>
    SwaggerModule.createDocument(app, doc, { extraModels: [ErrorBodyDto] }),
  );
}

/** The provider under `token` anywhere in the app, or undefined when no module provides one. */
function optionalProvider<T>(app: INestApplicationContext, token: string): T | undefined {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}

function describeDatabase(config: AppConfig): string {
  const url = config.databaseUrl;
  if (!url) return `sqlite ${config.dataDir}/ioc-stream.sqlite`;
  return url.startsWith('sqlite:') ? url.replace(/^sqlite:/, 'sqlite ') : redactUrl(url);
}
