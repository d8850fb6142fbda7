import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import type { DomainInfo, IndicatorInfo, ScopeInfo } from '@app/contracts';
import { ChangeFeed, coalesced, RedisConnections } from '@app/redis';
import { DataSource } from 'typeorm';
import { DomainEntity, IndicatorEntity, ScopeEntity } from './entities';
import { toIndicatorInfo, toScopeInfo } from './catalogue-mapping.util';

/** A reload every minute anyway, in case a change announcement was missed. */
const RELOAD_MS = 60_000;

/**
 * The whole catalogue in memory, for the hot paths (ingest checks per point, live filters). Scopes'
 * tiles are here, their shapes are not (read on demand: CatalogueService.shapes).
 * Reloaded after every local write, whenever another process announces a change on Redis, and every
 * minute anyway.
 */
@Injectable()
export class CatalogueCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Catalogue');
  private readonly feed: ChangeFeed;
  private domainMap = new Map<string, DomainInfo>();
  private scopeMap = new Map<string, ScopeInfo>();
  private indicatorMap = new Map<string, IndicatorInfo>();
  private byDomain = new Map<string, IndicatorInfo[]>();
  private children = new Map<string, string[]>();
  private domainList: DomainInfo[] = [];
  private scopeList: ScopeInfo[] = [];
  private indicatorList: IndicatorInfo[] = [];
  private readonly listeners = new Set<() => void>();
  version = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    redis: RedisConnections,
    config: AppConfig,
  ) {
    this.feed = new ChangeFeed(redis, `${config.redisPrefix}:catalogue:changed`, 'catalogue', this.logger);
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.feed.follow('catalogue-sub', () => this.refresh(), RELOAD_MS);
  }

  onApplicationShutdown(): void {
    this.feed.stop();
    this.listeners.clear();
  }

  /** Reloads everything from the database (concurrent calls share one load, plus one after it). */
  readonly refresh = coalesced(() => this.load());

  /**
   * Tells the other processes to reload (after a write). Not awaited: while Redis is down the message
   * waits in the client's queue, and this process has already reloaded.
   */
  announce(): void {
    this.feed.announce();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  indicator(code: string): IndicatorInfo | undefined {
    return this.indicatorMap.get(code);
  }
  scope(code: string): ScopeInfo | undefined {
    return this.scopeMap.get(code);
  }
  domain(code: string): DomainInfo | undefined {
    return this.domainMap.get(code);
  }
  indicators(): readonly IndicatorInfo[] {
    return this.indicatorList;
  }
  indicatorsOfDomain(domain: string): readonly IndicatorInfo[] {
    return this.byDomain.get(domain) ?? [];
  }
  scopes(): readonly ScopeInfo[] {
    return this.scopeList;
  }
  domains(): readonly DomainInfo[] {
    return this.domainList;
  }

  /** The direct children of a scope (empty when none or unknown). */
  childrenOf(scope: string): readonly string[] {
    return this.children.get(scope) ?? [];
  }

  /** The scope and all its descendants; empty when unknown. */
  subtree(scope: string): readonly string[] {
    if (!this.scopeMap.has(scope)) return [];
    const out: string[] = [];
    const stack = [scope];
    while (stack.length) {
      const s = stack.pop()!;
      out.push(s);
      for (const c of this.children.get(s) ?? []) stack.push(c);
    }
    return out;
  }

  /** Does `scope` equal or descend from one of `roots`? */
  isWithin(scope: string, roots: readonly string[]): boolean {
    let s: string | null | undefined = scope;
    for (let depth = 0; s != null && depth < 64; depth++) {
      if (roots.includes(s)) return true;
      s = this.scopeMap.get(s)?.parent;
    }
    return false;
  }

  private async load(): Promise<void> {
    const [domains, scopes, indicators] = await Promise.all([
      this.db.getRepository(DomainEntity).find({ order: { code: 'ASC' } }),
      // Shapes stay in the database (they can be large, and only the wall's map asks for them).
      this.db.getRepository(ScopeEntity).find({
        select: { code: true, name: true, parentCode: true, tileRow: true, tileCol: true },
        order: { code: 'ASC' },
      }),
      this.db.getRepository(IndicatorEntity).find({ order: { code: 'ASC' } }),
    ]);
    this.domainList = domains.map((d) => ({ code: d.code, name: d.name }));
    this.scopeList = scopes.map(toScopeInfo);
    this.indicatorList = indicators.map(toIndicatorInfo);
    this.domainMap = new Map(this.domainList.map((d) => [d.code, d]));
    this.scopeMap = new Map(this.scopeList.map((s) => [s.code, s]));
    this.indicatorMap = new Map(this.indicatorList.map((i) => [i.code, i]));
    this.byDomain = new Map();
    for (const i of this.indicatorList) {
      const list = this.byDomain.get(i.domain) ?? [];
      list.push(i);
      this.byDomain.set(i.domain, list);
    }
    this.children = new Map();
    for (const s of this.scopeList) {
      if (!s.parent) continue;
      const list = this.children.get(s.parent) ?? [];
      list.push(s.code);
      this.children.set(s.parent, list);
    }
    this.version++;
    for (const l of this.listeners) l();
  }
}
