import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { PresenceConnection } from '@app/contracts';
import { RedisConnections } from '@app/redis';
import type { ChainableCommander } from 'ioredis';
import { presenceKeys } from './presence.util';

/**
 * The presence list in Redis: each gateway process writes its open sockets as one JSON value that
 * expires (`<prefix>:presence:gw:<gateway>`), and adds itself to an index (`<prefix>:presence:gateways`,
 * a sorted set scored by expiry time) so that readers never scan the keyspace. The entry's own
 * expiry, kept by Redis's clock, decides whether a gateway is alive; the index is pruned by every
 * write, with a margin of one more expiry period for clocks that disagree between machines.
 */
@Injectable()
export class PresenceStore {
  private readonly keys: ReturnType<typeof presenceKeys>;

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.keys = presenceKeys(config.redisPrefix);
  }

  /** Replaces the gateway's entry (one write for all its sockets), valid for `ttlMs`. */
  async write(gateway: string, connections: readonly PresenceConnection[], ttlMs: number): Promise<void> {
    const now = Date.now();
    await run(
      this.redis.command
        .multi()
        .set(this.keys.entry(gateway), JSON.stringify(connections), 'PX', ttlMs)
        .zadd(this.keys.gateways, now + ttlMs, gateway)
        .zremrangebyscore(this.keys.gateways, '-inf', now - ttlMs)
        .pexpire(this.keys.gateways, 2 * ttlMs),
    );
  }

  /** Removes the gateway's entry (it stops). */
  async remove(gateway: string): Promise<void> {
    await run(this.redis.command.multi().del(this.keys.entry(gateway)).zrem(this.keys.gateways, gateway));
  }

  /** The entries of every gateway in the index, as written (null where one has expired). */
  async entries(): Promise<Array<string | null>> {
    const gateways = await this.redis.command.zrange(this.keys.gateways, 0, -1);
    if (gateways.length === 0) return [];
    return this.redis.command.mget(gateways.map((g) => this.keys.entry(g)));
  }
}

/** Runs a transaction; a command that failed inside it fails the whole (exec itself only fails on the connection). */
async function run(tx: ChainableCommander): Promise<void> {
  const results = await tx.exec();
  const failed = results?.find(([err]) => err);
  if (failed) throw failed[0];
}
