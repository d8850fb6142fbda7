import { Injectable } from '@nestjs/common';
import { IngestProducer } from '@app/ingestion/ingest.producer';
import { DEMO_INDICATORS } from './demo-catalogue';
import { demoPoints } from './demo-value.util';

const BY_CADENCE = {
  second: DEMO_INDICATORS.filter((i) => i.cadence === 'second'),
  minute: DEMO_INDICATORS.filter((i) => i.cadence === 'minute'),
};
const CADENCE_MS = { second: 1000, minute: 60_000 };

/** One simulator tick: the values of one cadence at the tick's time, through the normal ingest queue. */
@Injectable()
export class SimulatorService {
  constructor(private readonly producer: IngestProducer) {}

  async tick(cadence: 'second' | 'minute', now: number): Promise<number> {
    const ts = Math.floor(now / CADENCE_MS[cadence]) * CADENCE_MS[cadence];
    const points = demoPoints(BY_CADENCE[cadence], ts);
    await this.producer.enqueue(points);
    return points.length;
  }
}
