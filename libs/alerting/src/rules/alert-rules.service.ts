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
import { CatalogueCache, isCalendarPeriod } from '@app/catalogue';
import { AppConfig } from '@app/config';
import type { AlertCondition, AlertRule, KeyPrincipal } from '@app/contracts';
import { ChangeFeed, coalesced, RedisConnections } from '@app/redis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { channelProblem } from '../delivery/channel-validation.util';
import { AlertRuleEntity } from '../entities';
import { mayTouchScope } from './scope-access.util';
import { parseRuleBody, parseRulePatch, RuleProblem } from './rule-validation.util';

const RELOAD_MS = 30_000;

/** A rule as evaluation uses it. */
export interface CompiledRule extends AlertRule {
  /** Does the rule cover this scope (its scope's subtree, or every scope)? */
  covers(scope: string): boolean;
}

/**
 * Alert rules: stored in the database, kept in memory indexed by indicator (evaluation never reads
 * the database), reloaded after every local change, when another process announces one on Redis,
 * and every 30 s in case an announcement was missed.
 */
@Injectable()
export class AlertRules implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AlertRules');
  private readonly feed: ChangeFeed;
  private byIndicator = new Map<string, CompiledRule[]>();
  private byId = new Map<string, CompiledRule>();
  private readonly listeners = new Set<(removed: string[]) => void>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueCache,
    redis: RedisConnections,
    config: AppConfig,
  ) {
    this.feed = new ChangeFeed(redis, `${config.redisPrefix}:alert-rules:changed`, 'alert rule', this.logger);
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.feed.follow('alert-rules-sub', () => this.reload(), RELOAD_MS);
  }

  onApplicationShutdown(): void {
    this.feed.stop();
  }

  /** Called with the ids of rules that disappeared in a reload. */
  onRemoved(listener: (removed: string[]) => void): void {
    this.listeners.add(listener);
  }

  forIndicator(code: string): readonly CompiledRule[] | undefined {
    return this.byIndicator.get(code);
  }

  get(id: string): CompiledRule | undefined {
    return this.byId.get(id);
  }

  all(): CompiledRule[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** Reloads every rule from the database (concurrent calls share one load, plus one after it). */
  readonly reload = coalesced(() => this.load());

  private async load(): Promise<void> {
    const rows = await this.db.getRepository(AlertRuleEntity).find();
    const byId = new Map<string, CompiledRule>();
    const byIndicator = new Map<string, CompiledRule[]>();
    for (const row of rows) {
      const rule = this.compile(row);
      byId.set(rule.id, rule);
      const list = byIndicator.get(rule.indicator);
      if (list) list.push(rule);
      else byIndicator.set(rule.indicator, [rule]);
    }
    const removed = [...this.byId.keys()].filter((id) => !byId.has(id));
    this.byId = byId;
    this.byIndicator = byIndicator;
    if (removed.length) for (const l of this.listeners) l(removed);
  }

  /** A local change, applied to the maps at once (no reload of every rule per write). */
  private put(row: AlertRuleEntity | null, id: string): void {
    const old = this.byId.get(id);
    if (old) {
      const rest = (this.byIndicator.get(old.indicator) ?? []).filter((r) => r.id !== id);
      if (rest.length) this.byIndicator.set(old.indicator, rest);
      else this.byIndicator.delete(old.indicator);
      this.byId.delete(id);
    }
    if (row) {
      const rule = this.compile(row);
      this.byId.set(id, rule);
      this.byIndicator.set(rule.indicator, [...(this.byIndicator.get(rule.indicator) ?? []), rule]);
    }
  }

  private compile(row: AlertRuleEntity): CompiledRule {
    const scope = row.scope;
    const roots = scope ? [scope] : null;
    return {
      ...toRule(row),
      covers: roots ? (s: string) => this.catalogue.isWithin(s, roots) : () => true,
    };
  }

  private announce(): void {
    this.feed.announce();
  }

  /** Rules the key may see: a district key those inside its scopes. */
  visible(principal: KeyPrincipal): AlertRule[] {
    return this.all()
      .filter((r) => this.mayTouch(principal, r.scope ?? null))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map(({ covers: _covers, ...rule }) => rule);
  }

  async create(body: unknown, principal: KeyPrincipal): Promise<AlertRule> {
    const input = this.parse(() => parseRuleBody(body, channelProblem));
    if (!this.catalogue.indicator(input.indicator)) {
      throw new BadRequestException(`indicator: unknown indicator "${input.indicator}"`);
    }
    this.checkFits(input.condition, input.indicator);
    if (input.scope && !this.catalogue.scope(input.scope))
      throw new BadRequestException(`scope: unknown scope "${input.scope}"`);
    if (!this.mayTouch(principal, input.scope ?? null)) {
      throw new ForbiddenException(
        input.scope
          ? `scope ${input.scope} is outside this key's scopes`
          : "scope: a district key's rule must name a scope inside its own",
      );
    }
    const row: AlertRuleEntity = {
      id: randomUUID(),
      indicator: input.indicator,
      scope: input.scope ?? null,
      condition: input.condition,
      severity: input.severity,
      forSeconds: input.forSeconds,
      renotifySeconds: input.renotifySeconds,
      channels: input.channels,
      escalate: input.escalate,
      enabled: input.enabled,
      createdAt: Date.now(),
      createdBy: principal.name,
    };
    await this.db.getRepository(AlertRuleEntity).insert(row);
    this.put(row, row.id);
    this.announce();
    return toRule(row);
  }

  async patch(id: string, body: unknown, principal: KeyPrincipal): Promise<AlertRule> {
    const repo = this.db.getRepository(AlertRuleEntity);
    const row = await repo.findOneBy({ id });
    if (!row || !this.mayTouch(principal, row.scope)) throw new NotFoundException(`unknown alert rule "${id}"`);
    const change = this.parse(() => parseRulePatch(body, channelProblem));
    if (change.condition) this.checkFits(change.condition, row.indicator);
    Object.assign(row, change);
    await repo.save(row);
    this.put(row, row.id);
    this.announce();
    return toRule(row);
  }

  async remove(id: string, principal: KeyPrincipal): Promise<AlertRule> {
    const repo = this.db.getRepository(AlertRuleEntity);
    const row = await repo.findOneBy({ id });
    if (!row || !this.mayTouch(principal, row.scope)) throw new NotFoundException(`unknown alert rule "${id}"`);
    await repo.delete({ id });
    this.put(null, id);
    this.announce();
    return toRule(row);
  }

  /** A condition about period reports on a stream indicator could never fire: a 400 naming `condition`. */
  private checkFits(condition: AlertCondition, indicator: string): void {
    if (condition.op !== 'revision_pct') return;
    if (isCalendarPeriod(this.catalogue.indicator(indicator)?.period)) return;
    throw new BadRequestException(
      `condition: revision_pct applies to period indicators (reported per day, month, quarter or year); ` +
        `"${indicator}" is a stream (period "none")`,
    );
  }

  private mayTouch(principal: KeyPrincipal, scope: string | null): boolean {
    return mayTouchScope(this.catalogue, principal, scope);
  }

  private parse<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof RuleProblem) throw new BadRequestException(err.message);
      throw err;
    }
  }
}

export function toRule(row: AlertRuleEntity): AlertRule {
  const rule: AlertRule = {
    id: row.id,
    indicator: row.indicator,
    condition: row.condition,
    severity: row.severity,
    forSeconds: row.forSeconds,
    channels: row.channels,
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
  if (row.scope) rule.scope = row.scope;
  if (row.renotifySeconds) rule.renotifySeconds = row.renotifySeconds;
  if (row.escalate) rule.escalate = row.escalate;
  return rule;
}
