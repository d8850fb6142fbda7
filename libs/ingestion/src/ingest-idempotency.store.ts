import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnections, withReadTimeout } from '@app/redis';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { idempotencyRedisKey } from './idempotency-key.util';

/** Longest an ingest may hold its Idempotency-Key before a repeat may run (its enqueue gives up sooner). */
const PENDING_TTL_SECONDS = 60;
const PENDING = 'pending:';

/** What a request with an Idempotency-Key finds. */
export type IdempotencyClaim<T> =
  { state: 'claimed'; redisKey: string; marker: string } | { state: 'done'; answer: T } | { state: 'in-progress' };

/** Deletes the pending marker only if it is still this request's (not a later claim's). */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Remembers the first answer of an ingest per (API key, Idempotency-Key) for IOC_IDEMPOTENCY_TTL_SECONDS,
 * under `<prefix>:idem:<key id>:<sha256 of the header>`. A request claims the key with SET NX of a
 * pending marker, so two identical requests at once never both enqueue: the second finds the marker.
 */
@Injectable()
export class IngestIdempotencyStore {
  private readonly redis: Redis;

  constructor(
    redis: RedisConnections,
    private readonly config: AppConfig,
  ) {
    this.redis = redis.command;
  }

  /** Rejects (ReadTimeoutError) when Redis does not answer within IOC_READ_TIMEOUT_MS. */
  claim<T>(keyId: string, idempotencyKey: string): Promise<IdempotencyClaim<T>> {
    return withReadTimeout(this.tryClaim<T>(keyId, idempotencyKey), this.config.readTimeoutMs);
  }

  private async tryClaim<T>(keyId: string, idempotencyKey: string): Promise<IdempotencyClaim<T>> {
    const redisKey = idempotencyRedisKey(this.config.redisPrefix, keyId, idempotencyKey);
    const marker = PENDING + randomUUID();
    // Twice at most: the value found may expire between SET NX and GET.
    for (let attempt = 0; attempt < 2; attempt++) {
      if ((await this.redis.set(redisKey, marker, 'EX', PENDING_TTL_SECONDS, 'NX')) === 'OK') {
        return { state: 'claimed', redisKey, marker };
      }
      const found = await this.redis.get(redisKey);
      if (found === null) continue;
      if (found.startsWith(PENDING)) return { state: 'in-progress' };
      return { state: 'done', answer: JSON.parse(found) as T };
    }
    return { state: 'in-progress' };
  }

  /** Stores the answer of a claimed key for the configured TTL. */
  async complete<T>(claim: { redisKey: string }, answer: T): Promise<void> {
    await this.redis.set(claim.redisKey, JSON.stringify(answer), 'EX', this.config.idempotencyTtlSeconds);
  }

  /** Gives a claimed key up (the request failed): a repeat may run. */
  async release(claim: { redisKey: string; marker: string }): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, claim.redisKey, claim.marker);
  }
}
