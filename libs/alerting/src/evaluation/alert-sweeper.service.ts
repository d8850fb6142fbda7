import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueCache, isCalendarPeriod, periodOf, previousPeriod } from '@app/catalogue';
import { AppConfig } from '@app/config';
import type { SeriesRef } from '@app/contracts';
import { RevisionLog, TIME_SERIES_STORE, type TimeSeriesStore } from '@app/timeseries';
import { DataSource, In } from 'typeorm';
import { AlertRecorder } from '../alerts/alert-recorder.service';
import { AlertEntity } from '../entities';
import { AlertRules, type CompiledRule } from '../rules/alert-rules.service';
import { judgeAge } from '../rules/condition.util';
import { AlertStateStore, type Evaluation } from '../state/alert-state.store';
import { AlertEvaluator } from './alert-evaluator.service';

const SHUTDOWN_WAIT_MS = 2000;
const DAY_MS = 86_400_000;

/** An unrecorded transition older than this was left by a crash: the sweep records it. */
const UNRECORDED_GRACE_MS = 10_000;

/**
 * The periodic side of evaluation, in every worker process (the state machine's scripts make
 * concurrent sweeps safe, and deliveries have deterministic ids): pending breaches whose
 * `forSeconds` passed, `stale` rules, transitions a crash left unrecorded, renotifications and escalations.
 */
@Injectable()
export class AlertSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertSweep');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private failing = false;
  private readonly everyMs: number;

  constructor(
    private readonly rules: AlertRules,
    private readonly catalogue: CatalogueCache,
    private readonly state: AlertStateStore,
    private readonly evaluator: AlertEvaluator,
    private readonly recorder: AlertRecorder,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @InjectDataSource() private readonly db: DataSource,
    private readonly revisions: RevisionLog,
    config: AppConfig,
  ) {
    this.everyMs = config.alertSweepSeconds * 1000;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = null));
    }, this.everyMs);
  }

  /** Lets a sweep in flight finish, but not wait on a Redis that is gone (an abandoned sweep loses nothing). */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.race([this.running, new Promise((r) => setTimeout(r, SHUTDOWN_WAIT_MS).unref())]);
  }

  async sweep(now = Date.now()): Promise<void> {
    try {
      await this.due(now);
      await this.unrecorded(now);
      await this.stale(now);
      await this.missing(now);
      await this.reminders(now);
      if (this.failing) this.logger.log('alert sweep works again');
      this.failing = false;
    } catch (err) {
      if (!this.failing)
        this.logger.warn(`alert sweep failed: ${(err as Error).message}; next try in ${this.everyMs} ms`);
      this.failing = true;
    }
  }

  private async due(now: number): Promise<void> {
    const evals = this.fromKeys(await this.state.dueKeys(now), 'due');
    await this.evaluator.apply(evals);
  }

  private async unrecorded(now: number): Promise<void> {
    const evals = this.fromKeys(await this.state.unrecordedKeys(now - UNRECORDED_GRACE_MS), 'replay');
    await this.evaluator.apply(evals);
  }

  private fromKeys(keys: string[], signal: 'due' | 'replay'): Evaluation[] {
    const out: Evaluation[] = [];
    for (const key of keys) {
      const parsed = this.state.parseKey(key);
      if (!parsed) continue;
      const rule = this.rules.get(parsed.ruleId);
      out.push({ ...parsed, signal, value: 0, threshold: 0, forMs: (rule?.forSeconds ?? 0) * 1000 });
    }
    return out;
  }

  /**
   * `stale` rules against the age of each covered series' latest point, all read in one call (series
   * that never had a point are not judged).
   */
  private async stale(now: number): Promise<void> {
    const judged: { rule: CompiledRule; series: SeriesRef }[] = [];
    for (const rule of this.rules.all()) {
      if (rule.condition.op !== 'stale' || !rule.enabled || !this.catalogue.indicator(rule.indicator)) continue;
      const scopes = rule.scope ? this.catalogue.subtree(rule.scope) : this.catalogue.scopes().map((s) => s.code);
      for (const scope of scopes) judged.push({ rule, series: { indicator: rule.indicator, scope } });
    }
    if (judged.length === 0) return;
    const latest = await this.store.latest(judged.map((j) => j.series));
    const evals: Evaluation[] = [];
    latest.forEach((p, i) => {
      const { rule, series } = judged[i];
      if (!p || rule.condition.op !== 'stale') return;
      const age = now - p.ts;
      const verdict = judgeAge(rule.condition, age);
      evals.push({
        ruleId: rule.id,
        series,
        signal: verdict.signal,
        value: Math.round(age / 1000),
        threshold: verdict.threshold,
        forMs: rule.forSeconds * 1000,
      });
    });
    await this.evaluator.apply(evals);
  }

  /**
   * `missing` rules: for each covered scope, is the report of the indicator's last finished period
   * past due (period end + dueDays) and absent from the revision log? Breach while so, clear once it
   * arrives (or while it is not due yet). Rules on stream indicators are not judged.
   */
  private async missing(now: number): Promise<void> {
    const judged: { rule: CompiledRule; series: SeriesRef; ts: number; due: number; dueDays: number }[] = [];
    for (const rule of this.rules.all()) {
      if (rule.condition.op !== 'missing' || !rule.enabled) continue;
      const info = this.catalogue.indicator(rule.indicator);
      if (!info || !isCalendarPeriod(info.period)) continue;
      const last = previousPeriod(periodOf(info.period, now));
      const dueDays = info.dueDays ?? 0;
      const due = last.end + dueDays * DAY_MS;
      const scopes = rule.scope ? this.catalogue.subtree(rule.scope) : this.catalogue.scopes().map((s) => s.code);
      for (const scope of scopes) {
        judged.push({ rule, series: { indicator: rule.indicator, scope }, ts: last.start, due, dueDays });
      }
    }
    if (judged.length === 0) return;
    const logs = await this.revisions.many(judged.map((j) => ({ ...j.series, ts: j.ts })));
    const evals: Evaluation[] = judged.map((j, i) => {
      const breach = logs[i].length === 0 && now >= j.due;
      return {
        ruleId: j.rule.id,
        series: j.series,
        signal: breach ? 'breach' : 'clear',
        value: breach ? Math.floor((now - j.due) / DAY_MS) : 0,
        threshold: j.dueDays,
        forMs: j.rule.forSeconds * 1000,
      };
    });
    await this.evaluator.apply(evals);
  }

  /** Renotifications while firing unacknowledged, and escalations, each sent once (deterministic delivery ids). */
  private async reminders(now: number): Promise<void> {
    const withReminders = this.rules.all().filter((r) => r.renotifySeconds || r.escalate);
    if (withReminders.length === 0) return;
    const repo = this.db.getRepository(AlertEntity);
    const firing = await repo.find({ where: { state: 'firing', ruleId: In(withReminders.map((r) => r.id)) } });
    for (const row of firing) {
      const rule = this.rules.get(row.ruleId);
      if (!rule || row.silenced) continue;
      if (rule.renotifySeconds) {
        const round = Math.floor((now - row.firedAt) / (rule.renotifySeconds * 1000));
        if (round > row.renotifyRound) {
          await this.recorder.announce([{ row, rule }], 'renotify', (r) => r.channels, round);
          await repo.update({ id: row.id, renotifyRound: row.renotifyRound }, { renotifyRound: round });
        }
      }
      if (rule.escalate && row.escalatedAt === null && now - row.firedAt >= rule.escalate.afterSeconds * 1000) {
        await this.recorder.announce([{ row, rule }], 'escalation', (r) => r.escalate?.channels ?? []);
        await repo.update({ id: row.id }, { escalatedAt: now });
      }
    }
  }
}
