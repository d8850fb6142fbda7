import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * The whole configuration, read once from the environment and `config/defaults.env` and validated at
 * start (see `loadConfig`). Property names map to environment variables through `ENV_NAMES`. The
 * defaults here, in `config/defaults.env` and in README.md's table agree (a unit test checks it).
 */
export class AppConfig {
  /** HTTP and Socket.IO port. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 3000;

  /** Redis URL; unset = 127.0.0.1:6379, started as a child process when nothing answers there. */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
  redisUrl?: string;

  /** Prefix of every Redis key this service writes (queues, time series, live stream). */
  @Matches(/^[A-Za-z0-9_:-]{1,32}$/, { message: 'must be 1 to 32 letters, digits, _ : or -' })
  redisPrefix = 'ioc';

  /** Catalogue database: `postgres://...` or `sqlite:<file>`; default an SQLite file under dataDir. */
  @IsOptional()
  @Matches(/^(postgres(ql)?:\/\/|sqlite:)/, { message: 'must start with postgres://, postgresql:// or sqlite:' })
  databaseUrl?: string;

  /** Where the embedded SQLite file and the embedded Redis's data live. */
  @IsString()
  @MinLength(1)
  dataDir = './data';

  /**
   * A key with role admin, when set. Never a placeholder; outside demo mode required by the server and
   * the gateway, at least 32 characters (checked by `loadConfig`).
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  adminKey?: string;

  /** Demo catalogue, demo keys and simulated feeds. */
  @Transform(toBool)
  @IsBoolean({ message: 'must be 1 or 0 (true/false)' })
  demo = true;

  /** Parallel ingest jobs per worker process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  ingestConcurrency = 4;

  /** Largest ingest body accepted, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  ingestMaxBodyBytes = 8 * 1024 * 1024;

  /** Default raw-point retention (days); an indicator may override it. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  rawRetentionDays = 400;

  /** Retention of 1-minute/1-hour/1-day rollups (days). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  rollupRetentionDays = 3650;

  /** How far back a live cursor can resume (seconds). */
  @Type(() => Number)
  @IsInt()
  @Min(600)
  liveReplaySeconds = 900;

  /** Deepest nesting of a JSON body or socket payload accepted (400 / ok:false above). */
  @Type(() => Number)
  @IsInt()
  @Min(4)
  @Max(512)
  maxJsonDepth = 32;

  /** How long an ingest answer is remembered for its Idempotency-Key header (seconds). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  idempotencyTtlSeconds = 86_400;

  /** A read (latest, range, snapshot) that Redis does not answer within this is a 503 (ms). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  readTimeoutMs = 2000;

  /** Open /live sockets per key, per gateway process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  liveMaxSocketsPerKey = 200;

  /** Open /live sockets per client address, per gateway process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  liveMaxSocketsPerAddress = 1000;

  /** New /live connections (handshakes) per second per client address, per gateway process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  liveHandshakesPerSecond = 100;

  /** Stream reads of resumes running at once per gateway process (more wait their turn). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  liveMaxReplays = 8;

  /** Resume replays running or waiting at once per key (more get ok:false). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  liveMaxReplaysPerKey = 4;

  /** Socket events one socket may send per 10 s (the contract's 100). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  liveEventsPer10s = 100;

  /** Socket events all sockets of one key may send per 10 s, per gateway process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  liveKeyEventsPer10s = 1000;

  /** Bytes of stream entries read per replay step (the read is sized from the entries' average size). */
  @Type(() => Number)
  @IsInt()
  @Min(4096)
  liveReplayReadBytes = 262_144;

  /**
   * A subscribed socket that was sent nothing for this long gets a `heartbeat` (checked every quarter
   * of it, so heartbeats come at most 1.25 × apart: the contract's "at least every 15 s" at 12).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  liveHeartbeatSeconds = 10;

  /** Bytes of stream entries all resumes of a gateway process may read per second (4 MiB). */
  @Type(() => Number)
  @IsInt()
  @Min(65_536)
  liveReplayBytesPerSecond = 4_194_304;

  /**
   * Seconds between a gateway process's writes of its open sockets to Redis (`GET /api/v1/presence`);
   * its entry expires after three times this, so a process that died leaves the list within that time.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  presenceSeconds = 5;

  /**
   * How far the JavaScript heap may grow past what the last full garbage collection kept, in percent
   * (V8's --heap-growing-percent); 0 leaves it to V8, which lets it grow up to four times.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  heapGrowthPercent = 30;

  /** Seconds after an alert resolved before the same rule and series may fire again (anti-storm). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  alertRefireSeconds = 60;

  /** Messages one alert channel (one URL or address) may get per hour; what the cap holds back goes in one digest. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  alertChannelCapPerHour = 120;

  /** Seconds between the periodic alert sweeps (pending `forSeconds`, `stale` rules). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(300)
  alertSweepSeconds = 2;

  /**
   * A revision of a period value that moves it by more than this share (% of the value it replaced)
   * is logged as a warning (indicator, scope, period, old → new, share, by).
   */
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  revisionLogPct = 10;

  /** Source polls (connectors) run in parallel per worker process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  connectorConcurrency = 4;

  /** Shortest interval of a polled source, in seconds (a cron pattern may not fire more often either). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  sourceMinIntervalSeconds = 10;

  /** Failed runs in a row after which a source is shown `failing` (and its health series reads 0). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  sourceFailingAfter = 3;

  /**
   * Lease of an MQTT source held by one worker process (seconds): renewed every third of it; when its
   * worker dies, another takes the source over within about this long.
   */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(300)
  mqttLeaseSeconds = 6;

  /**
   * Key of the AES-256-GCM encryption of source secrets: 32 bytes as 64 hex digits or base64
   * (`openssl rand -base64 32`). Unset: a key generated once and kept in Redis, with a warning (dev only).
   */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
    message: 'must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)',
  })
  secretsKey?: string;

  /** SMTP server of e-mail channels, e.g. smtp://user:pass@mail.example.gov.vn:587 (unset: e-mail channels fail as "no SMTP_URL"). */
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
  smtpUrl?: string;

  /** Sender address of alert e-mails. */
  @IsString()
  alertEmailFrom = 'ioc-stream <alerts@localhost>';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** Log lines as one JSON object each (`json`, for log collectors) or as text for a terminal (`pretty`). */
  @IsIn(['pretty', 'json'])
  logFormat: 'pretty' | 'json' = 'pretty';

  /**
   * A bearer token that may read GET /metrics besides admin keys (for a Prometheus scraper, which then
   * needs no admin key); unset: admin keys only. Compared in constant time.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  metricsToken?: string;

  /**
   * Port on which a worker process (no HTTP API of its own) serves GET /metrics; unset: a worker serves
   * none. The server and the gateway answer GET /metrics on PORT.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  metricsPort?: number;

  /** Largest file a `POST /api/v1/imports` takes, in bytes (413 above); the file is spooled to IOC_DATA_DIR/imports. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  importMaxFileBytes = 1_073_741_824;

  /** File imports running at once per process serving the API (more wait their turn, `running`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  importConcurrency = 2;

  /** Public base URL printed in the ready message (default http://localhost:PORT). */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'must be an http:// or https:// URL' })
  publicUrl?: string;
}

/** Environment variable of each setting. */
export const ENV_NAMES: Record<keyof AppConfig, string> = {
  port: 'PORT',
  redisUrl: 'REDIS_URL',
  redisPrefix: 'IOC_REDIS_PREFIX',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'IOC_DATA_DIR',
  adminKey: 'IOC_ADMIN_KEY',
  demo: 'IOC_DEMO',
  ingestConcurrency: 'IOC_INGEST_CONCURRENCY',
  ingestMaxBodyBytes: 'IOC_INGEST_MAX_BODY_BYTES',
  rawRetentionDays: 'IOC_RAW_RETENTION_DAYS',
  rollupRetentionDays: 'IOC_ROLLUP_RETENTION_DAYS',
  liveReplaySeconds: 'IOC_LIVE_REPLAY_SECONDS',
  maxJsonDepth: 'IOC_MAX_JSON_DEPTH',
  idempotencyTtlSeconds: 'IOC_IDEMPOTENCY_TTL_SECONDS',
  readTimeoutMs: 'IOC_READ_TIMEOUT_MS',
  liveMaxSocketsPerKey: 'IOC_LIVE_MAX_SOCKETS_PER_KEY',
  liveMaxSocketsPerAddress: 'IOC_LIVE_MAX_SOCKETS_PER_ADDRESS',
  liveHandshakesPerSecond: 'IOC_LIVE_HANDSHAKES_PER_SECOND',
  liveMaxReplays: 'IOC_LIVE_MAX_REPLAYS',
  liveMaxReplaysPerKey: 'IOC_LIVE_MAX_REPLAYS_PER_KEY',
  liveEventsPer10s: 'IOC_LIVE_EVENTS_PER_10S',
  liveKeyEventsPer10s: 'IOC_LIVE_KEY_EVENTS_PER_10S',
  liveReplayReadBytes: 'IOC_LIVE_REPLAY_READ_BYTES',
  liveReplayBytesPerSecond: 'IOC_LIVE_REPLAY_BYTES_PER_SECOND',
  liveHeartbeatSeconds: 'IOC_LIVE_HEARTBEAT_SECONDS',
  presenceSeconds: 'IOC_PRESENCE_SECONDS',
  heapGrowthPercent: 'IOC_HEAP_GROWTH_PERCENT',
  alertRefireSeconds: 'IOC_ALERT_REFIRE_SECONDS',
  alertChannelCapPerHour: 'IOC_ALERT_CHANNEL_CAP_PER_HOUR',
  alertSweepSeconds: 'IOC_ALERT_SWEEP_SECONDS',
  revisionLogPct: 'IOC_REVISION_LOG_PCT',
  connectorConcurrency: 'IOC_CONNECTOR_CONCURRENCY',
  sourceMinIntervalSeconds: 'IOC_SOURCE_MIN_INTERVAL_SECONDS',
  sourceFailingAfter: 'IOC_SOURCE_FAILING_AFTER',
  mqttLeaseSeconds: 'IOC_MQTT_LEASE_SECONDS',
  secretsKey: 'IOC_SECRETS_KEY',
  smtpUrl: 'SMTP_URL',
  alertEmailFrom: 'IOC_ALERT_EMAIL_FROM',
  logLevel: 'LOG_LEVEL',
  logFormat: 'LOG_FORMAT',
  metricsToken: 'IOC_METRICS_TOKEN',
  metricsPort: 'IOC_METRICS_PORT',
  publicUrl: 'IOC_PUBLIC_URL',
  importMaxFileBytes: 'IOC_IMPORT_MAX_FILE_BYTES',
  importConcurrency: 'IOC_IMPORT_CONCURRENCY',
};
