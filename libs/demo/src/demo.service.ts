import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AlertRules } from '@app/alerting';
import { ApiKeyService } from '@app/auth';
import { CatalogueService } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { DEMO_ALERT_RULES } from './demo-alert-rules.data';
import { DEMO_DOMAIN_LIST, DEMO_INDICATORS, DEMO_SCOPES } from './demo-catalogue';
import { DemoHistory } from './demo-history.service';
import { DEMO_MAP_DATA } from './demo-map.data';

const DEMO_KEY_NAMES = { admin: 'demo-admin', viewer: 'demo-viewer' } as const;
/** The key name the demo's alert rules are created by (how they are recognised on the next start). */
const DEMO_RULES_BY = 'demo';

/**
 * Demo mode, HTTP side: seeds the Bình Dương catalogue and, without IOC_ADMIN_KEY, makes fresh demo
 * keys (stored hashed like any key, kept in memory only to print them once in the ready message).
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');
  private keys: { admin: string; viewer: string } | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly catalogue: CatalogueService,
    private readonly apiKeys: ApiKeyService,
    private readonly rules: AlertRules,
    private readonly history: DemoHistory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const seeded = await this.catalogue.seed({
      domains: DEMO_DOMAIN_LIST,
      scopes: DEMO_SCOPES,
      indicators: DEMO_INDICATORS.map(
        ({ code, domain, name, unit, direction, target, retentionDays, period, timeAgg, scopeAgg, dueDays }) => ({
          code,
          domain,
          name,
          unit,
          direction,
          target,
          retentionDays,
          ...(period ? { period, timeAgg, scopeAgg, dueDays } : {}),
        }),
      ),
    });
    if (seeded.indicators + seeded.scopes + seeded.domains > 0) {
      this.logger.log(
        `demo catalogue: added ${seeded.domains} domains, ${seeded.scopes} scopes, ${seeded.indicators} indicators`,
      );
    }
    // Map data where a scope has none yet (also for a database seeded before map data existed).
    await this.catalogue.fillMapData(DEMO_MAP_DATA);
    // In the background: start-up must not wait for Redis (the history goes through the ingest queue).
    // The alert rules come after the history, so the `missing` rule never judges a province without reports.
    void this.seedStatistics().finally(() =>
      this.seedRules().catch((err: Error) => this.logger.error(`demo alert rules not created: ${err.message}`)),
    );
    if (this.config.adminKey) return;
    await this.apiKeys.deleteByName(DEMO_KEY_NAMES.admin);
    await this.apiKeys.deleteByName(DEMO_KEY_NAMES.viewer);
    const admin = await this.apiKeys.create({ name: DEMO_KEY_NAMES.admin, role: 'admin' });
    const viewer = await this.apiKeys.create({ name: DEMO_KEY_NAMES.viewer, role: 'viewer' });
    this.keys = { admin: admin.key, viewer: viewer.key };
  }

  /** Plans and three years of history, once (demo-history.service.ts); a failure is logged. */
  private async seedStatistics(): Promise<void> {
    try {
      const done = await this.history.seed();
      if (!done) return;
      const { plans, reports } = done;
      this.logger.log(
        plans + reports > 0
          ? `demo statistics: ${plans} plans, ${reports} reports of three years backfilled`
          : 'demo statistics: plans and history already there',
      );
    } catch (err) {
      this.logger.error(`demo statistics not backfilled: ${(err as Error).message}`);
    }
  }

  /** The demo alert rules, once (a rule of the demo that an operator deleted stays deleted until the database is new). */
  private async seedRules(): Promise<void> {
    if (this.rules.all().length > 0) return;
    const demo = { id: 'demo', name: DEMO_RULES_BY, role: 'admin' as const, scopes: null };
    for (const rule of DEMO_ALERT_RULES) await this.rules.create(rule, demo);
    this.logger.log(
      `demo alert rules: ${DEMO_ALERT_RULES.length} (AQI, hotline complaints, budget revenue against plan, a missing report)`,
    );
  }

  /** The demo's part of the ready message (nothing outside demo mode). */
  readyLines(baseUrl: string): string[] {
    if (!this.config.demo) return [];
    const lines = [
      `demo: Bình Dương IOC, ${DEMO_INDICATORS.length} indicators × ${DEMO_SCOPES.length} scopes, simulated feeds`,
    ];
    if (this.keys) {
      lines.push(
        `wall screen:  ${baseUrl}/wall?scope=74&key=${this.keys.viewer}`,
        `API docs:     ${baseUrl}/api/docs`,
        `admin key:    ${this.keys.admin}`,
        `viewer key:   ${this.keys.viewer}`,
      );
    } else {
      lines.push(`wall screen:  ${baseUrl}/wall?scope=74 (enter a key)`, `API docs:     ${baseUrl}/api/docs`);
    }
    return lines;
  }
}
