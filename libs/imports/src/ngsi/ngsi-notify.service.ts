import { BadRequestException, Injectable, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';
import { type IngestResult, type KeyPrincipal, MAX_POINTS_PER_INGEST, type NgsiMapping } from '@app/contracts';
import { PointIntake, QueueUnavailableError } from '@app/ingestion';
import { isPlainObject } from '../mappings/mapping-problem.error';
import { ngsiEntitiesToPoints } from '../mappings/ngsi-mapping.util';
import { SavedMappings } from '../mappings/saved-mappings.service';

/** Saved NGSI mappings are read again at most this often (a change on another gateway shows within it). */
const MAPPINGS_TTL_MS = 2000;

/**
 * `POST /api/v1/ngsi/notify`: a FIWARE NGSI-v2 notification from an Orion subscription. Each entity is
 * mapped by the saved ngsi mapping of its type, one point per mapped attribute, and the points go through
 * PointIntake like push ingest. The answer counts points; `rejected[].index` is the entity's index in `data`.
 */
@Injectable()
export class NgsiNotifyService {
  private cache?: { at: number; byType: Map<string, NgsiMapping> };

  constructor(
    private readonly intake: PointIntake,
    private readonly mappings: SavedMappings,
  ) {}

  async notify(body: unknown, principal: KeyPrincipal, attrsFormat?: string): Promise<IngestResult> {
    if (!isPlainObject(body) || !Array.isArray(body.data)) {
      throw new BadRequestException('the body must be an NGSI-v2 notification {subscriptionId, data: [entity, ...]}');
    }
    const byType = await this.byType();
    const normalized = attrsFormat === 'normalized' ? true : attrsFormat === 'keyValues' ? false : undefined;
    const mapped = ngsiEntitiesToPoints(body.data, (t) => byType.get(t), Date.now(), normalized);
    if (mapped.points.length > MAX_POINTS_PER_INGEST) {
      throw new PayloadTooLargeException(
        `the notification maps to ${mapped.points.length} points, more than ${MAX_POINTS_PER_INGEST}: lower the subscription's throttling or split it`,
      );
    }
    let result: IngestResult;
    try {
      result = await this.intake.take(mapped.points, { source: 'ngsi', scopes: principal.scopes, by: principal.name });
    } catch (err) {
      if (err instanceof QueueUnavailableError) throw new ServiceUnavailableException(err.message);
      throw err;
    }
    const rejected = mapped.rejected.concat(
      result.rejected.map((r) => ({
        index: mapped.entityOf[r.index],
        reason: `${mapped.attributeOf[r.index]}: ${r.reason}`,
      })),
    );
    rejected.sort((a, b) => a.index - b.index);
    return { accepted: result.accepted, rejected };
  }

  private async byType(): Promise<Map<string, NgsiMapping>> {
    if (!this.cache || Date.now() - this.cache.at > MAPPINGS_TTL_MS) {
      this.cache = { at: Date.now(), byType: await this.mappings.ngsiByType() };
    }
    return this.cache.byType;
  }
}
