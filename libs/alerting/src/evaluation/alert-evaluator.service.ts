import { Injectable } from '@nestjs/common';
import { CatalogueCache } from '@app/catalogue';
import { seriesId } from '@app/contracts';
import type { PointListener, PointsWritten } from '@app/pipeline';
import type { LatestChange } from '@app/timeseries';
import { AlertRecorder } from '../alerts/alert-recorder.service';
import { AlertRules } from '../rules/alert-rules.service';
import { judgeRevision, judgeValue } from '../rules/condition.util';
import { AlertStateStore, type Evaluation } from '../state/alert-state.store';

/**
 * Alert evaluation as a step of the point pipeline: right after a batch is stored, for the series
 * whose latest value changed only, the rules of their indicator (from memory, indexed by indicator)
 * judge the new value, and `revision_pct` rules judge the batch's period reports; the state machine
 * applies the verdicts in one Redis round trip.
 */
@Injectable()
export class AlertEvaluator implements PointListener {
  readonly name = 'alerts';
  readonly order = 10;

  constructor(
    private readonly rules: AlertRules,
    private readonly catalogue: CatalogueCache,
    private readonly state: AlertStateStore,
    private readonly recorder: AlertRecorder,
  ) {}

  async pointsWritten(event: PointsWritten): Promise<void> {
    const evals: Evaluation[] = [];
    for (const change of event.latest) {
      const rules = this.rules.forIndicator(change.indicator);
      if (!rules) continue;
      for (const rule of rules) {
        if (!rule.enabled || rule.condition.op === 'revision_pct' || !rule.covers(change.scope)) continue;
        const target =
          rule.condition.op === 'below_target_pct'
            ? (this.catalogue.indicator(change.indicator)?.target ?? null)
            : null;
        const verdict = judgeValue(rule.condition, change.value, { previous: change.previous?.value ?? null, target });
        evals.push({
          ruleId: rule.id,
          series: { indicator: change.indicator, scope: change.scope },
          signal: verdict.signal,
          value: change.value,
          threshold: verdict.threshold,
          forMs: rule.forSeconds * 1000,
        });
      }
    }
    this.judgeReports(event, evals);
    if (evals.length === 0) return;
    await this.apply(evals);
  }

  /** `revision_pct` rules on the batch's period reports (in order: a later report of a series decides last). */
  private judgeReports(event: PointsWritten, evals: Evaluation[]): void {
    if (event.revisions.length === 0) return;
    let latest: Map<string, LatestChange> | null = null;
    for (const report of event.revisions) {
      const rules = this.rules.forIndicator(report.indicator);
      if (!rules) continue;
      for (const rule of rules) {
        const c = rule.condition;
        if (c.op !== 'revision_pct' || !rule.enabled || !rule.covers(report.scope)) continue;
        latest ??= new Map(event.latest.map((l) => [seriesId(l), l]));
        const l = report.previous === null ? latest.get(seriesId(report)) : undefined;
        const newPeriod = l !== undefined && l.ts === report.ts && (l.previous === null || l.previous.ts < report.ts);
        const verdict = judgeRevision(c, { value: report.value, previous: report.previous, newPeriod });
        if (!verdict) continue;
        evals.push({
          ruleId: rule.id,
          series: { indicator: report.indicator, scope: report.scope },
          signal: verdict.signal,
          value: report.value,
          threshold: verdict.threshold,
          forMs: rule.forSeconds * 1000,
          period: report.period,
        });
      }
    }
  }

  /**
   * Applies verdicts and records what changed. A state holding an unrecorded transition (a crash
   * between a transition and its record) hands that back instead: it is recorded, and the verdict applied again.
   */
  async apply(evals: readonly Evaluation[]): Promise<void> {
    let pending = evals;
    for (let round = 0; round < 3 && pending.length > 0; round++) {
      const transitions = await this.state.evaluate(pending);
      if (transitions.length === 0) return;
      await this.recorder.record(transitions);
      const replayed = new Set(transitions.filter((t) => t.replay).map((t) => this.state.key(t.ruleId, t.series)));
      pending = pending.filter((e) => replayed.has(this.state.key(e.ruleId, e.series)));
    }
  }
}
