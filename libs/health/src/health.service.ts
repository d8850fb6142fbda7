import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HealthReport } from '@app/contracts';
import { RedisConnections } from '@app/redis';
import { DataSource } from 'typeorm';

const CHECK_TIMEOUT_MS = 1500;

/** Is each dependency answering right now? Each check has a short deadline. */
@Injectable()
export class HealthService {
  constructor(
    private readonly redis: RedisConnections,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async check(): Promise<HealthReport> {
    const [redis, database] = await Promise.all([
      probe(() => this.redis.command.ping()),
      probe(() => this.db.query('SELECT 1')),
    ]);
    return {
      status: redis && database ? 'ok' : 'unavailable',
      redis: redis ? 'up' : 'down',
      database: database ? 'up' : 'down',
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}

async function probe(fn: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
