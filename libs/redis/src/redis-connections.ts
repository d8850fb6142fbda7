import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { ConnectionOptions } from 'bullmq';
import { Redis, RedisOptions } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Owns every ioredis connection of the process. `command` is the shared connection for
 * ordinary commands; `open(name)` gives a dedicated one (blocking reads, subscribers).
 * All are closed on shutdown.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly opened: Redis[] = [];
  readonly url: string;
  readonly command: Redis;

  constructor(config: AppConfig) {
    this.url = config.redisUrl ?? DEFAULT_REDIS_URL;
    this.command = this.open('command');
  }

  /** Options BullMQ queues and workers use (they open their own connections). */
  bullmqOptions(): ConnectionOptions {
    const { host, port, username, password, db, tls } = parseRedisUrl(this.url);
    // Reconnect as the service's own connections do (BullMQ's default backs off to 20 s).
    return {
      host,
      port,
      username,
      password,
      db,
      tls,
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
      retryStrategy: (times: number) => Math.min(200 * times, 2000),
    };
  }

  open(name: string, options: RedisOptions = {}): Redis {
    let warned = false;
    const client = new Redis(this.url, {
      connectionName: `ioc-stream:${name}`,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(200 * times, 2000),
      ...options,
    });
    client.on('error', (err: Error) => {
      if (!warned) this.logger.warn(`${name}: ${err.message}; retrying ${redactUrl(this.url)}`);
      warned = true;
    });
    client.on('ready', () => {
      if (warned) this.logger.log(`${name}: connected to ${redactUrl(this.url)}`);
      warned = false;
    });
    this.opened.push(client);
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT on a connection that is not up would wait for it (retries and all): just drop those.
    await Promise.all(
      this.opened.map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())),
    );
  }
}

export function parseRedisUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
