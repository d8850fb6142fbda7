import { Inject, Injectable } from '@nestjs/common';
import { CatalogueCache } from '@app/catalogue';
import type { IngestResult } from '@app/contracts';
import { RETENTION_RESOLVER, type RetentionResolver } from '@app/timeseries';
import { IngestProducer } from './ingest.producer';
import { checkPoints, PointCheckContext } from './point-validation.util';

/** What intake answers, whatever the source: the HTTP ingest answer's shape. */
export type IntakeResult = IngestResult;

/** Where a source may write: the scopes (and their descendants) of its key, or null for every scope. */
export interface IntakeLimits {
  scopes: readonly string[] | null;
}

const EVERY_SCOPE: IntakeLimits = { scopes: null };

/**
 * The one way points enter ioc-stream, whatever their source (HTTP ingest, the demo simulator,
 * connectors, imports): each point is checked against the catalogue, the source's scopes and the
 * raw retention, and the good ones are durably queued for the point pipeline. No HTTP here: the
 * caller turns a QueueUnavailableError (Redis did not take the batch in time) into its own answer.
 */
@Injectable()
export class PointIntake {
  constructor(
    private readonly catalogue: CatalogueCache,
    private readonly producer: IngestProducer,
    @Inject(RETENTION_RESOLVER) private readonly retention: RetentionResolver,
  ) {}

  /** Resolves once every accepted point is in the durable queue; rejects with QueueUnavailableError otherwise. */
  async take(points: readonly unknown[], limits: IntakeLimits = EVERY_SCOPE): Promise<IntakeResult> {
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
      now: Date.now(),
    };
    const { accepted, rejected } = checkPoints(points, ctx);
    await this.producer.enqueue(accepted);
    return { accepted: accepted.length, rejected };
  }
}
