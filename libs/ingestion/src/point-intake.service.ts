import { Inject, Injectable } from '@nestjs/common';
import { CatalogueCache, formatPeriod, isCalendarPeriod } from '@app/catalogue';
import type { IndicatorPoint, IngestResult, RejectedPoint } from '@app/contracts';
import { Metrics } from '@app/metrics';
import { RETENTION_RESOLVER, type RetentionResolver } from '@app/timeseries';
import type { Counter } from 'prom-client';
import { IngestProducer, type QueuedPoint } from './ingest.producer';
import { checkPoints, PointCheckContext } from './point-validation.util';
import { REJECTION_CLASSES, rejectionClass } from './rejection-class.util';

/** What intake answers, whatever the source: the HTTP ingest answer's shape. */
export type IntakeResult = IngestResult;

/** Who sends points (the `source` label of the intake metrics). */
export const INTAKE_SOURCES = ['http', 'simulator', 'poll', 'mqtt', 'import', 'ngsi'] as const;
export type IntakeSource = (typeof INTAKE_SOURCES)[number];

/** Where points come from: the source, and where it may write (its key's scopes, with their descendants, or null for every scope). */
export interface IntakeLimits {
  source: IntakeSource;
  scopes: readonly string[] | null;
  /** Who sends (the API key's name): logged with each period value as its `by`; default: the source. */
  by?: string;
  /**
   * Internal only, never set from a request: when each period value was reported, for a backfill
   * of historic reports (the demo's history); undefined for a point, or no function: now.
   */
  reportedAt?: (point: IndicatorPoint) => number | undefined;
}

/**
 * The one way points enter ioc-stream, whatever their source (HTTP ingest, the demo simulator,
 * connectors, imports): each point is checked against the catalogue, the source's scopes and the
 * raw retention, and the good ones are durably queued for the point pipeline. A value of a period
 * indicator goes with its report (period, when, by whom): the worker logs it in the revision log
 * when it stores the point. No HTTP here: the caller turns a QueueUnavailableError (Redis did not take
 * the batch in time) into its own answer.
 */
@Injectable()
export class PointIntake {
  private readonly accepted: Counter<'source'>;
  private readonly rejected: Counter<'source' | 'reason'>;

  constructor(
    private readonly catalogue: CatalogueCache,
    private readonly producer: IngestProducer,
    @Inject(RETENTION_RESOLVER) private readonly retention: RetentionResolver,
    metrics: Metrics,
  ) {
    this.accepted = metrics.counter({
      name: 'ioc_ingest_points_accepted_total',
      help: 'Points accepted at intake (durably queued, answered as accepted), by source',
      labelNames: ['source'],
    });
    this.rejected = metrics.counter({
      name: 'ioc_ingest_points_rejected_total',
      help: 'Points rejected at intake (listed in an answer with their reason), by source and reason class',
      labelNames: ['source', 'reason'],
    });
    // Every series from 0, so that the first points after a start count in rate() and increase().
    for (const source of INTAKE_SOURCES) {
      this.accepted.inc({ source }, 0);
      for (const reason of REJECTION_CLASSES) this.rejected.inc({ source, reason }, 0);
    }
  }

  /**
   * Resolves once every accepted point is in the durable queue; rejects with QueueUnavailableError
   * otherwise (then nothing is counted: the caller answers neither accepted nor rejected).
   */
  async take(points: readonly unknown[], limits: IntakeLimits): Promise<IntakeResult> {
    const roots = limits.scopes;
    // Raw retention per indicator, resolved once per distinct indicator of the batch.
    const rawMsOf = new Map<string, number>();
    const rawRetentionMs = (indicator: string): number => {
      let ms = rawMsOf.get(indicator);
      if (ms === undefined) rawMsOf.set(indicator, (ms = this.retention(indicator).rawMs));
      return ms;
    };
    const ctx: PointCheckContext = {
      indicatorExists: (c) => this.catalogue.indicator(c) !== undefined,
      scopeExists: (c) => this.catalogue.scope(c) !== undefined,
      scopeAllowed: (c) => roots === null || this.catalogue.isWithin(c, roots),
      rawRetentionMs,
      periodKind: (c) => this.catalogue.indicator(c)?.period ?? 'none',
      now: Date.now(),
    };
    const { accepted, rejected } = checkPoints(points, ctx);
    await this.producer.enqueue(this.withReports(accepted, limits, ctx.now));
    this.count(limits.source, accepted.length, rejected);
    return { accepted: accepted.length, rejected };
  }

  /**
   * The accepted points, a period indicator's value with its report: its period, when intake accepted
   * it and who sent it (the key's name, else the source), for the worker's revision log.
   */
  private withReports(accepted: IndicatorPoint[], limits: IntakeLimits, now: number): QueuedPoint[] {
    const by = limits.by ?? limits.source;
    let out: QueuedPoint[] | null = null;
    accepted.forEach((p, i) => {
      const kind = this.catalogue.indicator(p.indicator)?.period;
      if (!isCalendarPeriod(kind)) return;
      out ??= accepted.slice();
      out[i] = { ...p, report: { period: formatPeriod(kind, p.ts), reportedAt: limits.reportedAt?.(p) ?? now, by } };
    });
    return out ?? accepted;
  }

  private count(source: IntakeSource, accepted: number, rejected: readonly RejectedPoint[]): void {
    if (accepted > 0) this.accepted.inc({ source }, accepted);
    const byClass = new Map<string, number>();
    for (const r of rejected) {
      const reason = rejectionClass(r.reason);
      byClass.set(reason, (byClass.get(reason) ?? 0) + 1);
    }
    for (const [reason, n] of byClass) this.rejected.inc({ source, reason }, n);
  }
}
