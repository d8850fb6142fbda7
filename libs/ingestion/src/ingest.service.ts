import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { type IngestResult, type KeyPrincipal, MAX_POINTS_PER_INGEST } from '@app/contracts';
import { IngestIdempotencyStore } from './ingest-idempotency.store';
import { QueueUnavailableError } from './ingest.producer';
import { PointIntake } from './point-intake.service';

/** The 409 of a repeat that arrives while the first request with its Idempotency-Key is still running. */
export const IDEMPOTENCY_IN_PROGRESS_MESSAGE = 'an ingest with this Idempotency-Key is in progress; retry';

/**
 * The HTTP side of intake: reads an ingest body, hands its points to PointIntake (checks, durable
 * queue) and answers in HTTP terms. With an idempotency key,
 * the first answer is remembered per API key: a repeat gets it again and queues nothing.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('Ingest');

  constructor(
    private readonly intake: PointIntake,
    private readonly idempotency: IngestIdempotencyStore,
  ) {}

  async ingest(body: unknown, principal: KeyPrincipal, idempotencyKey?: string): Promise<IngestResult> {
    const points = extractPoints(body);
    if (idempotencyKey === undefined) return this.checkAndQueue(points, principal);
    const claim = await this.idempotency.claim<IngestResult>(principal.id, idempotencyKey).catch((err: Error) => {
      throw new ServiceUnavailableException(
        `the ingest queue (Redis) is not answering (${err.message}): nothing was queued, retry later`,
      );
    });
    if (claim.state === 'done') return claim.answer;
    if (claim.state === 'in-progress') throw new ConflictException(IDEMPOTENCY_IN_PROGRESS_MESSAGE);
    let result: IngestResult;
    try {
      result = await this.checkAndQueue(points, principal);
    } catch (err) {
      // Not answered 202 (e.g. a 503): a repeat with this key must run again (a repeat is safe).
      await this.idempotency.release(claim).catch(() => undefined);
      throw err;
    }
    try {
      await this.idempotency.complete(claim, result);
    } catch (err) {
      // The points are queued: the 202 is true. A repeat will queue them again, which is harmless.
      this.logger.warn(`could not remember an ingest answer for its Idempotency-Key: ${(err as Error).message}`);
      await this.idempotency.release(claim).catch(() => undefined);
    }
    return result;
  }

  private async checkAndQueue(points: unknown[], principal: KeyPrincipal): Promise<IngestResult> {
    try {
      return await this.intake.take(points, { source: 'http', scopes: principal.scopes, by: principal.name });
    } catch (err) {
      if (err instanceof QueueUnavailableError) throw new ServiceUnavailableException(err.message);
      throw err;
    }
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
