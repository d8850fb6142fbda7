import { BadRequestException, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { KeyPrincipal, MAX_POINTS_PER_INGEST } from '@app/contracts';
import { CatalogueCache } from '@app/catalogue';
import { RETENTION_RESOLVER, type RetentionResolver } from '@app/timeseries';
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
    @Inject(RETENTION_RESOLVER) private readonly retention: RetentionResolver,
  ) {}

  async ingest(body: unknown, principal: KeyPrincipal): Promise<IngestResult> {
    const points = extractPoints(body);
    const now = Date.now();
    const limits = principal.scopes;
    // Raw retention per indicator, resolved once per distinct indicator of the request.
    const rawMsOf = new Map<string, number>();
    const rawRetentionMs = (indicator: string): number => {
      let ms = rawMsOf.get(indicator);
      if (ms === undefined) rawMsOf.set(indicator, (ms = this.retention(indicator).rawMs));
      return ms;
    };
    const ctx: PointCheckContext = {
      indicatorExists: (c) => this.catalogue.indicator(c) !== undefined,
      scopeExists: (c) => this.catalogue.scope(c) !== undefined,
      scopeAllowed: (c) => limits === null || this.catalogue.isWithin(c, limits),
      rawRetentionMs,
      now,
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
