import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueCache } from '@app/catalogue';
import {
  type Alert,
  type AlertLang,
  ALERT_STATES,
  alertIn,
  type AlertWithDeliveries,
  type DeliveryTry,
  type KeyPrincipal,
  type LiveAlert,
  SEVERITIES,
} from '@app/contracts';
import type { ActiveAlertSource } from '@app/live';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { AlertDeliveryEntity, AlertEntity } from '../entities';
import { AlertRules } from '../rules/alert-rules.service';
import { AlertStateStore } from '../state/alert-state.store';
import { AlertRecorder, toLiveAlert } from './alert-recorder.service';

export interface AlertQuery {
  state?: string | string[];
  scope?: string | string[];
  indicator?: string | string[];
  severity?: string | string[];
  limit?: string;
  before?: string;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).filter((x) => x !== '');

/** Active alerts listed in a subscribe ack at most (the newest first). */
const ACTIVE_LIMIT = 10_000;

/** Alerts as the API shows them: lists, one alert with its delivery ledger, acknowledgement. */
@Injectable()
export class AlertsService implements ActiveAlertSource {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueCache,
    private readonly rules: AlertRules,
    private readonly state: AlertStateStore,
    private readonly recorder: AlertRecorder,
  ) {}

  async list(q: AlertQuery, principal: KeyPrincipal, lang: AlertLang): Promise<Alert[]> {
    const states = list(q.state);
    for (const s of states) {
      if (!(ALERT_STATES as readonly string[]).includes(s))
        throw new BadRequestException(`state: must be one of ${ALERT_STATES.join(', ')}`);
    }
    const severities = list(q.severity);
    for (const s of severities) {
      if (!(SEVERITIES as readonly string[]).includes(s))
        throw new BadRequestException(`severity: must be one of ${SEVERITIES.join(', ')}`);
    }
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new BadRequestException('limit: a whole number from 1 to 1000');
    const scopes = list(q.scope);
    for (const s of scopes) {
      if (principal.scopes && !this.catalogue.isWithin(s, principal.scopes)) {
        throw new ForbiddenException(`scope ${s} is outside this key's scopes`);
      }
    }
    const qb = this.db.getRepository(AlertEntity).createQueryBuilder('a');
    if (states.length) qb.andWhere('a.state IN (:...states)', { states });
    if (severities.length) qb.andWhere('a.severity IN (:...severities)', { severities });
    const indicators = list(q.indicator);
    if (indicators.length) qb.andWhere('a.indicator IN (:...indicators)', { indicators });
    // A scope means it and its subtree; a district key sees its subtrees only.
    this.whereScopes(qb, scopes.length ? scopes : principal.scopes);
    if (q.before !== undefined) {
      const before = await this.db.getRepository(AlertEntity).findOneBy({ id: q.before });
      if (!before) throw new BadRequestException(`before: unknown alert "${q.before}"`);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('a.fired_at < :fa', { fa: before.firedAt })
            .orWhere('a.fired_at = :fa AND a.id < :id', { id: before.id }),
        ),
      );
    }
    const rows = await qb.orderBy('a.fired_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit).getMany();
    return rows.map((r) => alertIn(toLiveAlert(r), lang));
  }

  /** Every alert in state firing or acknowledged, in every language (for the gateway's subscribe acks). */
  async activeAlerts(): Promise<LiveAlert[]> {
    const rows = await this.db
      .getRepository(AlertEntity)
      .createQueryBuilder('a')
      .where('a.state IN (:...states)', { states: ['firing', 'acknowledged'] })
      .orderBy('a.fired_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(ACTIVE_LIMIT)
      .getMany();
    return rows.map(toLiveAlert);
  }

  private whereScopes(qb: SelectQueryBuilder<AlertEntity>, roots: readonly string[] | null): void {
    if (!roots) return;
    const codes = [...new Set(roots.flatMap((r) => this.catalogue.subtree(r)))];
    if (codes.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere('a.scope IN (:...codes)', { codes });
  }

  private async visibleRow(id: string, principal: KeyPrincipal): Promise<AlertEntity> {
    const row = await this.db.getRepository(AlertEntity).findOneBy({ id });
    if (!row) throw new NotFoundException(`unknown alert "${id}"`);
    if (principal.scopes && !this.catalogue.isWithin(row.scope, principal.scopes)) {
      throw new ForbiddenException(`alert ${id} is on scope ${row.scope}, outside this key's scopes`);
    }
    return row;
  }

  async get(id: string, principal: KeyPrincipal, lang: AlertLang): Promise<AlertWithDeliveries> {
    const row = await this.visibleRow(id, principal);
    const tries = await this.db
      .getRepository(AlertDeliveryEntity)
      .find({ where: { alertId: id }, order: { at: 'ASC', try: 'ASC' } });
    const deliveries = tries.map((t) => {
      const d: DeliveryTry = {
        channel: t.channel,
        to: t.to,
        try: t.try,
        at: t.at,
        status: t.status,
        state: t.state,
        purpose: t.purpose,
        deliveryId: t.deliveryId,
      };
      if (t.error) d.error = t.error;
      if (t.nextTryAt !== null) d.nextTryAt = t.nextTryAt;
      return d;
    });
    return { ...alertIn(toLiveAlert(row), lang), deliveries };
  }

  async acknowledge(id: string, body: unknown, principal: KeyPrincipal, lang: AlertLang): Promise<Alert> {
    const note = (body as { note?: unknown } | undefined)?.note;
    if (note !== undefined && note !== null && (typeof note !== 'string' || note.length > 2000)) {
      throw new BadRequestException('note: must be a string of at most 2000 characters');
    }
    const row = await this.visibleRow(id, principal);
    if (row.state === 'acknowledged') return alertIn(toLiveAlert(row), lang);
    if (row.state === 'resolved')
      throw new ConflictException(`alert ${id} is resolved: there is nothing to acknowledge`);
    const series = { indicator: row.indicator, scope: row.scope };
    const outcome = await this.state.acknowledge(row.ruleId, series, row.id);
    if (outcome === 'not-firing') {
      const now = await this.db.getRepository(AlertEntity).findOneBy({ id });
      if (now?.state === 'acknowledged') return alertIn(toLiveAlert(now), lang);
      throw new ConflictException(`alert ${id} is no longer firing (it resolved or is being resolved)`);
    }
    // `already`: acknowledged in Redis by an earlier request that did not get to record it: record it now.
    if (outcome === 'acknowledged' || outcome === 'already') {
      row.state = 'acknowledged';
      row.acknowledgedAt = Date.now();
      row.acknowledgedBy = principal.name;
      row.note = typeof note === 'string' ? note : null;
      await this.db.getRepository(AlertEntity).save(row);
      await this.recorder.record([
        {
          kind: 'acknowledged',
          ruleId: row.ruleId,
          series,
          alertId: row.id,
          firedAt: row.firedAt,
          value: row.value,
          threshold: row.threshold,
          replay: false,
        },
      ]);
    }
    return alertIn(toLiveAlert(row), lang);
  }

  /** A deleted rule's open alerts resolve (announced on sockets, no channel told) and its states go. */
  async ruleDeleted(ruleId: string): Promise<void> {
    const repo = this.db.getRepository(AlertEntity);
    const open = await repo.find({
      where: [
        { ruleId, state: 'firing' },
        { ruleId, state: 'acknowledged' },
      ],
    });
    const now = Date.now();
    for (const row of open) {
      row.state = 'resolved';
      row.resolvedAt = now;
      await repo.save(row);
    }
    await this.state.forgetRule(ruleId);
    await this.recorder.announce(
      open.filter((r) => !r.silenced).map((row) => ({ row, rule: undefined })),
      'transition',
    );
  }

  ruleExists(id: string): boolean {
    return this.rules.get(id) !== undefined;
  }
}
