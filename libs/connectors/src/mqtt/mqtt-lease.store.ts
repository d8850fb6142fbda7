import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnections } from '@app/redis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

// Renews (or releases) a lease only while it is still ours.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Leases of MQTT sources in Redis: whoever holds `<prefix>:connectors:mqtt-lease:<id>` (SET NX PX) is
 * the one worker process connected to that source's broker. The holder renews it well before it runs
 * out; a holder that dies stops renewing, and another worker takes it when it expires.
 */
@Injectable()
export class MqttLeaseStore {
  private readonly prefix: string;
  /** This process's lease token prefix: host and pid, so a lease says who holds it. */
  readonly holder = `${hostname()}:${process.pid}`;

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.prefix = `${config.redisPrefix}:connectors:mqtt-lease`;
  }

  key(sourceId: string): string {
    return `${this.prefix}:${sourceId}`;
  }

  /** Takes the lease if nobody holds it; returns its token, or null. */
  async take(sourceId: string, ttlMs: number): Promise<string | null> {
    const token = `${this.holder}:${randomUUID()}`;
    const ok = await this.redis.command.set(this.key(sourceId), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  /** True when the lease is still ours and now runs `ttlMs` more. */
  async renew(sourceId: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.command.eval(RENEW, 1, this.key(sourceId), token, String(ttlMs))) === 1;
  }

  async release(sourceId: string, token: string): Promise<void> {
    await this.redis.command.eval(RELEASE, 1, this.key(sourceId), token);
  }

  /** Who holds the source (`host:pid:uuid`), or null. */
  holderOf(sourceId: string): Promise<string | null> {
    return this.redis.command.get(this.key(sourceId));
  }
}
