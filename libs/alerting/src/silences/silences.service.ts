import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueCache } from '@app/catalogue';
import { AppConfig } from '@app/config';
import type { KeyPrincipal, Silence } from '@app/contracts';
import { ChangeFeed, coalesced, RedisConnections } from '@app/redis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SilenceEntity } from '../entities';
import { mayTouchScope } from '../rules/scope-access.util';

const RELOAD_MS = 30_000;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a time given as epoch ms or an ISO string with an offset. */
function time(raw: unknown, field: string): number {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return raw;
  if (typeof raw === 'string' && /(Z|[+-]\d{2}:?\d{2})$/i.test(raw)) {
    const ms = Date.parse(raw);
    if (Number.isFinite(ms)) return ms;
  }
  throw new BadRequestException(`${field}: must be epoch milliseconds or an ISO-8601 time with an offset`);
}

/**
 * Silences: while one matches an alert's change (its rule, indicator and scope subtree, within its
 * time), the change is recorded and listed with `silenced: true`, but no channel and no socket hears of it.
 */
@Injectable()
export class Silences implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Silences');
  private readonly feed: ChangeFeed;
  private list: Silence[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueCache,
    redis: RedisConnections,
    config: AppConfig,
  ) {
    this.feed = new ChangeFeed(redis, `${config.redisPrefix}:silences:changed`, 'silence', this.logger);
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.feed.follow('silences-sub', () => this.reload(), RELOAD_MS);
  }

  onApplicationShutdown(): void {
    this.feed.stop();
  }

  /** Reloads every silence (concurrent calls share one load, plus one after it). */
  readonly reload = coalesced(() => this.load());

  private async load(): Promise<void> {
    const rows = await this.db.getRepository(SilenceEntity).find({ order: { createdAt: 'ASC' } });
    this.list = rows.map(toSilence);
  }

  /** Does a silence cover this change now? */
  matches(ruleId: string, indicator: string, scope: string, now = Date.now()): boolean {
    return this.list.some(
      (s) =>
        s.startsAt <= now &&
        now < s.endsAt &&
        (!s.ruleId || s.ruleId === ruleId) &&
        (!s.indicator || s.indicator === indicator) &&
        (!s.scope || this.catalogue.isWithin(scope, [s.scope])),
    );
  }

  visible(principal: KeyPrincipal): Silence[] {
    return this.list.filter((s) => this.mayTouch(principal, s.scope ?? null));
  }

  private mayTouch(principal: KeyPrincipal, scope: string | null): boolean {
    return mayTouchScope(this.catalogue, principal, scope);
  }

  async create(body: unknown, principal: KeyPrincipal, ruleExists: (id: string) => boolean): Promise<Silence> {
    if (!isObject(body)) throw new BadRequestException('the body must be a JSON object {endsAt, comment, ...}');
    const str = (k: string) => {
      const v = body[k];
      if (v === undefined || v === null) return null;
      if (typeof v !== 'string' || v === '') throw new BadRequestException(`${k}: must be a non-empty string`);
      return v;
    };
    const indicator = str('indicator');
    const scope = str('scope');
    const ruleId = str('ruleId');
    if (typeof body.comment !== 'string' || body.comment.trim() === '') {
      throw new BadRequestException('comment: required, why the alerts are silenced');
    }
    if (indicator && !this.catalogue.indicator(indicator))
      throw new BadRequestException(`indicator: unknown indicator "${indicator}"`);
    if (scope && !this.catalogue.scope(scope)) throw new BadRequestException(`scope: unknown scope "${scope}"`);
    if (ruleId && !ruleExists(ruleId)) throw new BadRequestException(`ruleId: unknown alert rule "${ruleId}"`);
    if (!this.mayTouch(principal, scope)) {
      throw new ForbiddenException(
        scope
          ? `scope ${scope} is outside this key's scopes`
          : "scope: a district key's silence must name a scope inside its own",
      );
    }
    const now = Date.now();
    const startsAt = body.startsAt === undefined || body.startsAt === null ? now : time(body.startsAt, 'startsAt');
    if (body.endsAt === undefined) throw new BadRequestException('endsAt: required, when the silence ends');
    const endsAt = time(body.endsAt, 'endsAt');
    if (endsAt <= startsAt) throw new BadRequestException('endsAt: must be after startsAt');
    const row: SilenceEntity = {
      id: randomUUID(),
      indicator,
      scope,
      ruleId,
      startsAt,
      endsAt,
      comment: body.comment,
      createdBy: principal.name,
      createdAt: now,
    };
    await this.db.getRepository(SilenceEntity).insert(row);
    await this.reload();
    this.announce();
    return toSilence(row);
  }

  async remove(id: string, principal: KeyPrincipal): Promise<void> {
    const repo = this.db.getRepository(SilenceEntity);
    const row = await repo.findOneBy({ id });
    if (!row || !this.mayTouch(principal, row.scope)) throw new NotFoundException(`unknown silence "${id}"`);
    await repo.delete({ id });
    await this.reload();
    this.announce();
  }

  private announce(): void {
    this.feed.announce();
  }
}

function toSilence(row: SilenceEntity): Silence {
  const s: Silence = {
    id: row.id,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    comment: row.comment,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
  if (row.indicator) s.indicator = row.indicator;
  if (row.scope) s.scope = row.scope;
  if (row.ruleId) s.ruleId = row.ruleId;
  return s;
}
