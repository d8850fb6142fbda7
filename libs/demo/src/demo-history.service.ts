import { Injectable, Logger } from '@nestjs/common';
import { CatalogueCache, isCalendarPeriod, PlansService } from '@app/catalogue';
import type { KeyPrincipal } from '@app/contracts';
import { PointIntake } from '@app/ingestion';
import { RevisionLog } from '@app/timeseries';
import { DEMO_INDICATORS, DEMO_PROVINCE } from './demo-catalogue';
import { DEMO_STORY, type DemoReport, demoHistory, demoPlans } from './demo-history.util';

/** Reports per intake call: well under a queue job's size, so each call is one job. */
const CHUNK = 5000;
/** How long the backfill waits for the worker to log its reports (then it gives up, and says so). */
const WRITTEN_TIMEOUT_MS = 120_000;
/** Who the demo's plans and history are recorded as (`by` in the revision log, `updatedBy` of plans). */
export const DEMO_HISTORY_BY = 'demo-history';
const DEMO_PRINCIPAL: KeyPrincipal = { id: 'demo', name: DEMO_HISTORY_BY, role: 'admin', scopes: null };

/**
 * The demo's statistics at first start: plans for the past three years and this one, and three years
 * of reports of every period indicator, through point intake like any source (checked, queued,
 * written by the worker), each logged with the time it was historically reported. Idempotent: the
 * plans are set once (none yet for the province's budget revenue), the history once (no report
 * logged yet for it), so a restart with the same data does neither again.
 */
@Injectable()
export class DemoHistory {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly intake: PointIntake,
    private readonly log: RevisionLog,
    private readonly plans: PlansService,
    private readonly catalogue: CatalogueCache,
  ) {}

  /** Plans, then history; what was done (0s when it had been done before, null when skipped). */
  async seed(now = Date.now()): Promise<{ plans: number; reports: number } | null> {
    if (!isCalendarPeriod(this.catalogue.indicator(DEMO_STORY.indicator)?.period)) {
      // A catalogue seeded by an older demo (its indicators were all streams) keeps its indicators.
      this.logger.warn(
        `demo statistics skipped: ${DEMO_STORY.indicator} is not a period indicator in this catalogue ` +
          '(seeded by an older version of the demo?); start with a new data directory to get them',
      );
      return null;
    }
    const plans = await this.seedPlans(now);
    const reports = await this.backfill(now);
    return { plans, reports };
  }

  private async seedPlans(now: number): Promise<number> {
    const year = new Date(now + 7 * 3_600_000).getUTCFullYear();
    if ((await this.plans.find(DEMO_STORY.indicator, DEMO_PROVINCE, year)) !== null) return 0;
    const plans = demoPlans(DEMO_INDICATORS, [year - 3, year - 2, year - 1, year]);
    for (const p of plans) await this.plans.put(DEMO_PRINCIPAL, p.indicator, p.scope, String(p.year), p.value);
    return plans.length;
  }

  private async backfill(now: number): Promise<number> {
    const logged = await this.log.periods(DEMO_STORY.indicator, DEMO_PROVINCE, 0, now);
    if (logged.size > 0) return 0;
    const { reports, revisions } = demoHistory(DEMO_INDICATORS, now);
    let accepted = 0;
    for (let i = 0; i < reports.length; i += CHUNK) accepted += await this.send(reports.slice(i, i + CHUNK));
    // The worker logs reports as it writes them, several jobs at once: the revisions go once every
    // first report is logged (so the log keeps them in the order they were made), and the backfill
    // is over once they are logged too (then the demo's `missing` rule sees the history).
    await this.logged(reports, 1);
    accepted += await this.send(revisions);
    await this.logged(revisions, 2);
    return accepted;
  }

  /** Until every report's period has at least `entries` reports in the log (one pipelined read a try). */
  private async logged(reports: readonly DemoReport[], entries: number): Promise<void> {
    const refs = reports.map((r) => ({ indicator: r.indicator, scope: r.scope, ts: r.period.start }));
    const deadline = Date.now() + WRITTEN_TIMEOUT_MS;
    for (;;) {
      const logs = await this.log.many(refs);
      const waiting = logs.filter((l) => l.length < entries).length;
      if (waiting === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${waiting} of ${refs.length} reports not written by the worker after ${WRITTEN_TIMEOUT_MS} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async send(reports: readonly DemoReport[]): Promise<number> {
    if (reports.length === 0) return 0;
    const when = new Map(reports.map((r) => [`${r.indicator}|${r.scope}|${r.period.start}`, r.reportedAt]));
    const points = reports.map((r) => ({
      indicator: r.indicator,
      scope: r.scope,
      period: r.period.label,
      value: r.value,
    }));
    const { accepted, rejected } = await this.intake.take(points, {
      source: 'simulator',
      scopes: null,
      by: DEMO_HISTORY_BY,
      reportedAt: (p) => when.get(`${p.indicator}|${p.scope}|${p.ts}`),
    });
    if (rejected.length > 0) {
      // E.g. an indicator of the demo that an operator turned into a stream: the rest still goes in.
      this.logger.warn(`${rejected.length} demo history report(s) rejected, e.g. ${rejected[0].reason}`);
    }
    return accepted;
  }
}
