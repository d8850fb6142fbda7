import { Injectable } from '@nestjs/common';
import { CatalogueCache } from '@app/catalogue';
import type { PointListener, PointsWritten } from '@app/pipeline';
import { AlertRecorder } from '../alerts/alert-recorder.service';
import { AlertRules } from '../rules/alert-rules.service';
import { judgeValue } from '../rules/condition.util';
import { AlertStateStore, type Evaluation } from '../state/alert-state.store';

/**
 * Alert evaluation as a step of the point pipeline: right after a batch is stored, for the series
 * whose latest value changed only, the rules of their indicator (from memory, indexed by indicator)
 * judge the new value, and the state machine applies the verdicts in one Redis round trip.
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
        if (!rule.enabled || !rule.covers(change.scope)) continue;
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
    if (evals.length === 0) return;
    await this.apply(evals);
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
