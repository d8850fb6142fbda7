import { Injectable, Logger } from '@nestjs/common';
import { PointIntake } from '@app/ingestion';
import { DEMO_INDICATORS, isDemoPeriodIndicator } from './demo-catalogue';
import { demoPoints } from './demo-value.util';

/** Streams only: a period indicator's figures are reports (backfilled history), never a tick's point. */
const STREAMS = DEMO_INDICATORS.filter((i) => !isDemoPeriodIndicator(i));
const BY_CADENCE = {
  second: STREAMS.filter((i) => i.cadence === 'second'),
  minute: STREAMS.filter((i) => i.cadence === 'minute'),
};
const CADENCE_MS = { second: 1000, minute: 60_000 };

/** One simulator tick: the values of one cadence at the tick's time, through point intake like any source. */
@Injectable()
export class SimulatorService {
  private readonly logger = new Logger('Simulator');

  constructor(private readonly intake: PointIntake) {}

  async tick(cadence: 'second' | 'minute', now: number): Promise<number> {
    const ts = Math.floor(now / CADENCE_MS[cadence]) * CADENCE_MS[cadence];
    const points = demoPoints(BY_CADENCE[cadence], ts);
    const { accepted, rejected } = await this.intake.take(points, { source: 'simulator', scopes: null });
    if (rejected.length > 0) {
      // E.g. an indicator of the demo deleted from the catalogue: the rest still flows.
      this.logger.warn(`${rejected.length} simulated point(s) rejected, e.g. ${rejected[0].reason}`);
    }
    return accepted;
  }
}
