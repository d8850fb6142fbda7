import { BadRequestException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { KeyPrincipal, MAX_POINTS_PER_INGEST } from '@app/contracts';
import { CatalogueCache } from '@app/catalogue';
import { isSaneTimestamp } from '@app/timeseries';
import { IngestProducer } from './ingest.producer';
import { checkPoints, PointCheckContext, RejectedPoint } from './point-validation.util';

export interface IngestResult {
  accepted: number;
  rejected: RejectedPoint[];
}

/** Checks an ingest body point by point and durably queues the good points. */
@Injectable()
export class IngestService {
  constructor(
    private readonly catalogue: CatalogueCache,
    private readonly producer: IngestProducer,
  ) {}

  async ingest(body: unknown, principal: KeyPrincipal): Promise<IngestResult> {
    const points = extractPoints(body);
    const now = Date.now();
    const limits = principal.scopes;
    const ctx: PointCheckContext = {
      indicatorExists: (c) => this.catalogue.indicator(c) !== undefined,
      scopeExists: (c) => this.catalogue.scope(c) !== undefined,
      scopeAllowed: (c) => limits === null || this.catalogue.isWithin(c, limits),
      timestampProblem: (ts) =>
        isSaneTimestamp(ts, now) ? null : `ts: ${describeTs(ts)} is outside the accepted time window (docs/storage.md)`,
    };
    const { accepted, rejected } = checkPoints(points, ctx);
    await this.producer.enqueue(accepted);
    return { accepted: accepted.length, rejected };
  }
}

/** The `points` array of an ingest body, or a 400/413 that says what is wrong. */
export function extractPoints(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException(
      'the body must be a JSON object {"points": [...]} sent with Content-Type: application/json',
    );
  }
  const points = (body as { points?: unknown }).points;
  if (!Array.isArray(points)) {
    throw new BadRequestException('points: must be an array of {indicator, scope, ts, value}');
  }
  if (points.length > MAX_POINTS_PER_INGEST) {
    throw new PayloadTooLargeException(
      `points: at most ${MAX_POINTS_PER_INGEST} points per request (got ${points.length}); split the batch`,
    );
  }
  return points;
}

function describeTs(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? String(ts) : d.toISOString();
}
