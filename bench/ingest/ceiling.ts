import type { IndicatorPoint } from '@app/contracts';
import type { Redis } from 'ioredis';

/**
 * The ceiling: one pipelined APPEND of a 12-byte record (uint32 time offset, float64 value) per
 * point, to one string per series, pipelines of 5,000 commands, 2 in flight.
 */
export async function writeCeiling(redis: Redis, points: readonly IndicatorPoint[], start: number): Promise<void> {
  const PIPE = 5000;
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < points.length; i += PIPE) {
    const pipe = redis.pipeline();
    for (const p of points.slice(i, i + PIPE)) {
      const rec = Buffer.allocUnsafe(12);
      rec.writeUInt32LE(p.ts - start, 0);
      rec.writeDoubleLE(p.value, 4);
      pipe.append(`ceil:{${p.indicator}|${p.scope}}`, rec);
    }
    inFlight.push(pipe.exec());
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
}
