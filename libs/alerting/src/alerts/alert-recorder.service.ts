import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueCache } from '@app/catalogue';
import type { AlertChannel, LiveAlert } from '@app/contracts';
import { LivePublisher } from '@app/live';
import { DataSource } from 'typeorm';
import type { DeliveryPurpose } from '../delivery/delivery.types';
import { AlertEntity } from '../entities';
import { AlertRules, type CompiledRule } from '../rules/alert-rules.service';
import { alertReason, type ReasonNames } from '../rules/reason.util';
import { Silences } from '../silences/silences.service';
import { AlertStateStore, type Transition } from '../state/alert-state.store';
import { ALERT_NOTIFIER, type AlertNotifier } from './alert-notifier';

/**
 * Records transitions of the state machine: the alert row in the database, then the socket `alert`
 * event (on the live stream) and the deliveries to the rule's channels, unless a silence covers the
 * change; then marks the transition recorded. Every step is idempotent (the row by alert id, the
 * deliveries by deterministic job id), so a transition handed back after a crash is recorded again safely.
 */
@Injectable()
export class AlertRecorder {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueCache,
    private readonly rules: AlertRules,
    private readonly silences: Silences,
    private readonly state: AlertStateStore,
    private readonly live: LivePublisher,
    @Inject(ALERT_NOTIFIER) private readonly notifier: AlertNotifier,
  ) {}

  names(indicator: string, scope: string): ReasonNames {
    const ind = this.catalogue.indicator(indicator);
    return {
      indicatorName: ind?.name ?? indicator,
      unit: ind?.unit ?? '',
      scopeName: this.catalogue.scope(scope)?.name ?? scope,
    };
  }

  /** Records transitions (one live entry for all of them); a failure rejects (the caller's job retries). */
  async record(transitions: readonly Transition[]): Promise<void> {
    if (transitions.length === 0) return;
    const told: { row: AlertEntity; rule: CompiledRule | undefined }[] = [];
    for (const t of transitions) {
      const rule = this.rules.get(t.ruleId);
      const row = await this.apply(t, rule);
      if (row && !row.silenced) told.push({ row, rule });
    }
    await this.announce(told, 'transition');
    for (const t of transitions) if (t.kind !== 'acknowledged') await this.state.markRecorded(t);
  }

  /** Puts a transition in the database; answers the row as it now is (null for a deleted rule's firing). */
  private async apply(t: Transition, rule: CompiledRule | undefined): Promise<AlertEntity | null> {
    const repo = this.db.getRepository(AlertEntity);
    const now = Date.now();
    const existing = await repo.findOneBy({ id: t.alertId });
    if (t.kind === 'fired') {
      if (existing) return existing;
      if (!rule) return null;
      const names = this.names(t.series.indicator, t.series.scope);
      // A change_pct (or revision_pct) threshold is the previous value its reason speaks of; other conditions ignore it.
      const row: AlertEntity = {
        id: t.alertId,
        ruleId: t.ruleId,
        indicator: t.series.indicator,
        scope: t.series.scope,
        severity: rule.severity,
        state: 'firing',
        value: t.value,
        threshold: t.threshold,
        firedAt: t.firedAt,
        resolvedAt: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        note: null,
        reasonVi: alertReason(rule.condition, t.value, t.threshold, t.threshold, names, 'vi', t.period),
        reasonEn: alertReason(rule.condition, t.value, t.threshold, t.threshold, names, 'en', t.period),
        silenced: this.silences.matches(t.ruleId, t.series.indicator, t.series.scope, now),
        renotifyRound: 0,
        escalatedAt: null,
      };
      // Two recorders of one transition (a replay beside a slow first record) insert it once.
      await repo.createQueryBuilder().insert().values(row).orIgnore().execute();
      return (await repo.findOneBy({ id: t.alertId })) ?? row;
    }
    if (!existing) return null;
    if (t.kind === 'resolved') {
      if (existing.state === 'resolved') return existing;
      existing.state = 'resolved';
      existing.resolvedAt = now;
      existing.value = t.value;
    } else {
      if (existing.state !== 'firing') return existing;
      existing.state = 'acknowledged';
      existing.acknowledgedAt = existing.acknowledgedAt ?? now;
    }
    existing.silenced = this.silences.matches(existing.ruleId, existing.indicator, existing.scope, now);
    await repo.save(existing);
    return existing;
  }

  /** The socket event (one live entry for all) and the deliveries of these alert rows. */
  async announce(
    told: readonly { row: AlertEntity; rule: CompiledRule | undefined }[],
    purpose: DeliveryPurpose,
    channelsOf: (rule: CompiledRule) => readonly AlertChannel[] = (r) => r.channels,
    round?: number,
  ): Promise<void> {
    if (told.length === 0) return;
    if (purpose === 'transition') await this.live.publishAlerts(told.map(({ row }) => toLiveAlert(row)));
    for (const { row, rule } of told) {
      const channels = rule ? channelsOf(rule) : [];
      if (channels.length === 0) continue;
      const names = this.names(row.indicator, row.scope);
      await this.notifier.deliver({ alert: toLiveAlert(row), ...names, channels, purpose, round });
    }
  }
}

/** The alert object with its reason in every language. */
export function toLiveAlert(row: AlertEntity): LiveAlert {
  const a: LiveAlert = {
    id: row.id,
    ruleId: row.ruleId,
    indicator: row.indicator,
    scope: row.scope,
    severity: row.severity,
    state: row.state,
    value: row.value,
    threshold: row.threshold,
    firedAt: row.firedAt,
    reasons: { vi: row.reasonVi, en: row.reasonEn },
  };
  if (row.resolvedAt !== null) a.resolvedAt = row.resolvedAt;
  if (row.acknowledgedAt !== null) a.acknowledgedAt = row.acknowledgedAt;
  if (row.acknowledgedBy) a.acknowledgedBy = row.acknowledgedBy;
  if (row.note) a.note = row.note;
  if (row.silenced) a.silenced = true;
  return a;
}
