import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnections } from '@app/redis';
import type { HeldDelivery } from './delivery-job.type';

/** How long a channel-hour's count, its held list and each delivery's mark are kept (seconds). */
const KEEP_SECONDS = 4 * 3600;
/** Held-back deliveries kept per channel-hour for its digest (the digest counts all of them). */
export const HELD_KEPT = 200;

/**
 * Counts one delivery for its channel's hour, once per delivery id, and keeps it for the digest when
 * it is past the cap. Returns the delivery's place in the hour (1, 2, ...): the same when asked again.
 * KEYS: 1 the delivery's mark, 2 the channel-hour's count, 3 its held list.
 * ARGV: 1 seconds to keep, 2 the cap, 3 the held delivery (JSON), 4 held deliveries kept at most.
 */
const COUNT_SCRIPT = `
local seen = redis.call('GET', KEYS[1])
if seen then return tonumber(seen) end
local n = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], n, 'EX', ARGV[1])
if n > tonumber(ARGV[2]) then
  if redis.call('LLEN', KEYS[3]) < tonumber(ARGV[4]) then redis.call('RPUSH', KEYS[3], ARGV[3]) end
  redis.call('EXPIRE', KEYS[3], ARGV[1])
end
return n
`;

/**
 * The anti-storm cap of alert channels in Redis: messages per channel (its type and address) per
 * hour, and what the cap held back, for the hour's digest. One Lua script counts a delivery, so
 * counting is atomic and a repeated `deliver()` is not counted twice.
 */
@Injectable()
export class ChannelCapStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnections,
    config: AppConfig,
  ) {
    this.prefix = `${config.redisPrefix}:alert-cap`;
  }

  /** Counts a delivery in its channel-hour; past `cap` it is kept for the digest. Returns its place. */
  async count(channelKey: string, hour: number, cap: number, held: HeldDelivery): Promise<number> {
    const n = await this.redis.command.eval(
      COUNT_SCRIPT,
      3,
      `${this.prefix}:seen:${held.deliveryId}`,
      this.countKey(channelKey, hour),
      this.heldKey(channelKey, hour),
      KEEP_SECONDS,
      cap,
      JSON.stringify(held),
      HELD_KEPT,
    );
    return Number(n);
  }

  /** How many deliveries the cap held back in a channel-hour, and the ones kept (oldest first). */
  async heldBack(channelKey: string, hour: number, cap: number): Promise<{ held: number; kept: HeldDelivery[] }> {
    const [count, items] = await Promise.all([
      this.redis.command.get(this.countKey(channelKey, hour)),
      this.redis.command.lrange(this.heldKey(channelKey, hour), 0, -1),
    ]);
    const kept = items.map((s) => JSON.parse(s) as HeldDelivery);
    return { held: Math.max(kept.length, Number(count ?? 0) - cap), kept };
  }

  private countKey(channelKey: string, hour: number): string {
    return `${this.prefix}:${channelKey}:${hour}:n`;
  }

  private heldKey(channelKey: string, hour: number): string {
    return `${this.prefix}:${channelKey}:${hour}:held`;
  }
}
