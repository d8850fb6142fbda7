import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import type { KeyPrincipal, SourceInfo } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SourceEntity } from '../entities/source.entity';
import { SourceScheduler } from '../poll/source-scheduler.service';
import { SourceSecretsService } from '../secrets/source-secrets.service';
import { healthScopeOf, SourceHealth } from '../supervision/source-health.service';
import { retryNotBefore, sourceState } from '../supervision/source-state.util';
import { SourceStateStore, type StoredRunState } from '../supervision/source-state.store';
import { parseMqttSettings } from '../mqtt/mqtt-settings.util';
import type { SourceSecrets } from '../secrets/source-secrets.service';
import { parseHttpSettings, type SettingsContext, SettingsProblem } from './source-settings.util';
import { type CreateSourceDto, settingFields, type UpdateSourceDto } from './sources.dto';

/** Settings of HTTP polls that an MQTT source does not take. */
const HTTP_ONLY = ['method', 'headers', 'body', 'intervalSeconds', 'cron', 'timeoutMs', 'maxBytes'] as const;

/**
 * Sources: stored in the database (settings in clear, secrets sealed), scheduled on the connectors
 * queue, shown with their run state. Every change is checked first (readable 400s) and applied to the
 * source's job scheduler at once.
 */
@Injectable()
export class SourcesService {
  private readonly logger = new Logger('Connectors');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: SourceSecretsService,
    private readonly scheduler: SourceScheduler,
    private readonly states: SourceStateStore,
    private readonly health: SourceHealth,
  ) {}

  private get repo() {
    return this.db.getRepository(SourceEntity);
  }

  private get context(): SettingsContext {
    return {
      self: { port: this.config.port, publicUrl: this.config.publicUrl },
      minIntervalSeconds: this.config.sourceMinIntervalSeconds,
    };
  }

  async list(): Promise<SourceInfo[]> {
    const rows = await this.repo.find({ order: { createdAt: 'ASC' } });
    const states = await this.states.getMany(rows.map((r) => r.id));
    return Promise.all(rows.map((r) => this.info(r, states.get(r.id)!)));
  }

  async get(id: string): Promise<SourceInfo> {
    const row = await this.find(id);
    return this.info(row, await this.states.get(id));
  }

  async create(dto: CreateSourceDto, principal: KeyPrincipal): Promise<SourceInfo> {
    const parsed = this.parse(dto.kind, settingFields(dto));
    const id = randomUUID();
    const now = Date.now();
    const row = this.repo.create({
      id,
      name: dto.name,
      kind: dto.kind,
      settings: parsed.settings,
      secrets: await this.secrets.seal(parsed.secrets, id),
      paused: dto.paused ?? false,
      createdAt: now,
      updatedAt: now,
      createdBy: principal.name,
    });
    await this.repo.save(row);
    try {
      await this.health.ensure([row]);
      await this.scheduler.apply(row);
    } catch (err) {
      await this.repo.delete({ id });
      await this.scheduler.remove(id).catch(() => undefined);
      throw this.scheduleError(err);
    }
    this.logger.log(`source ${id} (${row.name}) created by ${principal.name}`);
    return this.info(row, await this.states.get(id));
  }

  async patch(id: string, dto: UpdateSourceDto): Promise<SourceInfo> {
    const row = await this.find(id);
    const changes = settingFields(dto);
    if (Object.keys(changes).length > 0) {
      const merged: Record<string, unknown> = { ...row.settings, ...changes };
      // One schedule: a new interval replaces a cron pattern and the other way round.
      if (changes.intervalSeconds !== undefined) delete merged.cron;
      if (changes.cron !== undefined) delete merged.intervalSeconds;
      const stored = await this.openSecrets(row);
      const parsed = this.parse(row.kind, merged, stored);
      row.settings = parsed.settings;
      row.secrets = await this.secrets.seal(parsed.secrets, id);
    }
    if (dto.name !== undefined) row.name = dto.name;
    if (dto.paused !== undefined) row.paused = dto.paused;
    row.updatedAt = Date.now();
    const before = await this.find(id);
    await this.repo.save(row);
    try {
      await this.scheduler.apply(row);
    } catch (err) {
      await this.repo.save(before);
      throw this.scheduleError(err);
    }
    return this.info(row, await this.states.get(id));
  }

  async remove(id: string): Promise<void> {
    await this.find(id);
    await this.repo.delete({ id });
    await this.scheduler.remove(id);
    await this.states.remove(id);
    this.logger.log(`source ${id} deleted`);
  }

  /** Every source (for the workers' periodic schedule check). */
  all(): Promise<SourceEntity[]> {
    return this.repo.find();
  }

  exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  private async find(id: string): Promise<SourceEntity> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findOneBy({ id }) : null;
    if (!row) throw new NotFoundException(`no source with id "${id.slice(0, 64)}"`);
    return row;
  }

  private parse(
    kind: string,
    input: Record<string, unknown>,
    stored: SourceSecrets = {},
  ): { settings: Record<string, unknown>; secrets: SourceSecrets } {
    try {
      if (kind === 'mqtt') {
        for (const field of HTTP_ONLY) {
          if (input[field] !== undefined) throw new SettingsProblem(`${field}: not a setting of an MQTT source`);
        }
        return parseMqttSettings(input, stored) as { settings: Record<string, unknown>; secrets: SourceSecrets };
      }
      if (input.topics !== undefined || input.username !== undefined || input.password !== undefined) {
        throw new SettingsProblem('topics, username, password, clientId: settings of MQTT sources only');
      }
      if (input.clientId !== undefined) throw new SettingsProblem('clientId: a setting of MQTT sources only');
      return parseHttpSettings(input, this.context, stored) as {
        settings: Record<string, unknown>;
        secrets: SourceSecrets;
      };
    } catch (err) {
      if (err instanceof SettingsProblem) throw new BadRequestException(err.message);
      throw err;
    }
  }

  private async openSecrets(row: SourceEntity): Promise<SourceSecrets> {
    try {
      return await this.secrets.open(row.secrets, row.id);
    } catch (err) {
      throw new BadRequestException(`${row.kind === 'mqtt' ? 'password' : 'headers'}: ${(err as Error).message}`);
    }
  }

  /** A scheduler that refused the pattern is the client's mistake. */
  private scheduleError(err: unknown): Error {
    const message = (err as Error)?.message ?? String(err);
    if (/cron|pattern|invalid|validation/i.test(message)) return new BadRequestException(`cron: ${message}`);
    return err as Error;
  }

  private async info(row: SourceEntity, run: StoredRunState): Promise<SourceInfo> {
    const failingAfter = this.config.sourceFailingAfter;
    let nextRunAt: number | null = null;
    if (!row.paused && row.kind === 'http') {
      nextRunAt = await this.scheduler.nextTick(row.id).catch(() => null);
      const s = row.settings as { intervalSeconds?: number };
      if (nextRunAt !== null && run.failures > 0 && run.lastRunAt !== null) {
        const notBefore = retryNotBefore(run.lastRunAt, run.failures, (s.intervalSeconds ?? 60) * 1000);
        nextRunAt = Math.max(nextRunAt, Math.round(notBefore));
      }
    }
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      state: sourceState({ failures: run.failures, paused: row.paused }, failingAfter),
      paused: row.paused,
      healthScope: healthScopeOf(row.id),
      lastRunAt: run.lastRunAt,
      lastSuccessAt: run.lastSuccessAt,
      lastError: run.lastError,
      failures: run.failures,
      accepted: run.accepted,
      rejected: run.rejected,
      lastRejected: run.lastRejected,
      nextRunAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...(row.settings as object),
    };
  }
}
