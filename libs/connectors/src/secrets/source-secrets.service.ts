import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, ENV_NAMES } from '@app/config';
import { RedisConnections } from '@app/redis';
import { randomBytes } from 'node:crypto';
import { parseSecretsKey, SecretBox } from './secret-box';

/** The secrets of a source's settings (never shown, never logged). */
export interface SourceSecrets {
  headers?: Record<string, string>;
  password?: string;
}

/**
 * Seals and opens the secrets of source settings with IOC_SECRETS_KEY. When it is unset (development),
 * a random key is generated once and kept in Redis, shared by every process of the service, with a
 * warning: whoever reads that Redis can then read the secrets, and losing Redis's data loses them.
 */
@Injectable()
export class SourceSecretsService {
  private readonly logger = new Logger('Connectors');
  private box?: Promise<SecretBox>;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnections,
  ) {}

  async seal(secrets: SourceSecrets, sourceId: string): Promise<string | null> {
    const empty = !secrets.password && Object.keys(secrets.headers ?? {}).length === 0;
    if (empty) return null;
    return (await this.keyBox()).seal(JSON.stringify(secrets), sourceId);
  }

  async open(sealed: string | null, sourceId: string): Promise<SourceSecrets> {
    if (!sealed) return {};
    return JSON.parse((await this.keyBox()).open(sealed, sourceId)) as SourceSecrets;
  }

  private keyBox(): Promise<SecretBox> {
    this.box ??= this.resolveKey().catch((err: Error) => {
      this.box = undefined;
      throw err;
    });
    return this.box;
  }

  private async resolveKey(): Promise<SecretBox> {
    if (this.config.secretsKey) {
      const key = parseSecretsKey(this.config.secretsKey);
      if (!key) throw new Error(`${ENV_NAMES.secretsKey} is not 32 bytes as hex or base64`);
      return new SecretBox(key);
    }
    const redisKey = `${this.config.redisPrefix}:connectors:dev-secrets-key`;
    await this.redis.command.set(redisKey, randomBytes(32).toString('base64'), 'NX');
    const stored = await this.redis.command.get(redisKey);
    const key = stored ? parseSecretsKey(stored) : null;
    if (!key) throw new Error(`no usable secrets key in Redis (${redisKey}): set ${ENV_NAMES.secretsKey}`);
    this.logger.warn(
      `${ENV_NAMES.secretsKey} is not set: source secrets are encrypted with a key generated and kept in Redis ` +
        `(development only; set ${ENV_NAMES.secretsKey}, e.g. \`openssl rand -base64 32\`, the same on every process)`,
    );
    return new SecretBox(key);
  }
}
