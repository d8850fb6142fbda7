import { AGGREGATIONS } from '@app/contracts';
import { aggregateBuckets } from './bucket-aggregate.util';
import { decodeChunk, encodeRecords } from './chunk-codec.util';
import { answer, decodeRollup, encodeRollup, extendSummaries, type Summary, summarize } from './rollup.util';

const DAY = 86_400_000;

describe('chunk codec', () => {
  it('round-trips points; the last record for a ts wins; output is in time order', () => {
    const day = 20_000;
    const base = day * DAY;
    const a = encodeRecords(day, [
      { ts: base + 5000, value: 1.5 },
      { ts: base + 1000, value: -2 },
    ]);
    const b = encodeRecords(day, [{ ts: base + 5000, value: 7 }]);
    expect(decodeChunk(day, Buffer.concat([a, b]))).toEqual([
      { ts: base + 1000, value: -2 },
      { ts: base + 5000, value: 7 },
    ]);
  });
});

describe('rollups', () => {
  const pts = Array.from({ length: 500 }, (_, i) => ({ ts: i * 37_000, value: ((i * 13) % 29) - 7 }));

  it('minute summaries merged to any multiple of a minute give the naive answer for every agg', () => {
    const minutes = summarize(pts, 60_000);
    for (const step of [60_000, 300_000, 3_600_000]) {
      for (const agg of AGGREGATIONS) {
        const want = aggregateBuckets(pts, step, agg);
        const got = answer(minutes, step, agg);
        expect(got.map((p) => p.ts)).toEqual(want.map((p) => p.ts));
        got.forEach((p, i) => expect(p.value).toBeCloseTo(want[i].value, 9));
      }
    }
  });

  it('round-trips through its binary form with the chunk length it was computed from', () => {
    const s = summarize(pts, 3_600_000);
    expect(decodeRollup(encodeRollup(1234, s, 42))).toEqual({ chunkLength: 1234, lastTs: 42, summaries: s });
    expect(decodeRollup(encodeRollup(7, [], 42))).toEqual({ chunkLength: 7, lastTs: 42, summaries: [] });
  });

  it('still reads the formats without a scaled sum (2) and without a last ts either (1)', () => {
    const s = summarize(pts, 3_600_000);
    const old = (summaries: readonly Summary[]) =>
      Buffer.concat(
        summaries.map((x) => {
          const b = Buffer.alloc(52);
          b.writeDoubleLE(x.start, 0);
          b.writeUInt32LE(x.count, 8);
          [x.sum, x.min, x.max, x.first, x.last].forEach((v, i) => b.writeDoubleLE(v, 12 + 8 * i));
          return b;
        }),
      );
    const header2 = Buffer.alloc(12);
    header2.writeUInt32LE(1234, 0);
    header2.writeDoubleLE(42, 4);
    for (const n of [0, 1, 3, s.length]) {
      const part = s.slice(0, n);
      expect(decodeRollup(Buffer.concat([header2, old(part)]))).toEqual({
        chunkLength: 1234,
        lastTs: 42,
        summaries: part,
      });
      expect(decodeRollup(Buffer.concat([header2.subarray(0, 4), old(part)]))).toEqual({
        chunkLength: 1234,
        lastTs: null,
        summaries: part,
      });
    }
  });

  it('answers avg and sum of huge values without overflow, merged from stored summaries too', () => {
    const big = 1.7e308;
    const huge = [0, 1, 2, 60_000, 60_001, 120_000].map((ts, i) => ({ ts, value: i % 3 === 2 ? -big : big }));
    const minutes = decodeRollup(encodeRollup(0, summarize(huge, 60_000), 120_000)).summaries;
    expect(answer(minutes, 60_000, 'avg')).toEqual([
      { ts: 0, value: big / 3 },
      { ts: 60_000, value: big },
      { ts: 120_000, value: -big },
    ]);
    expect(answer(minutes, 60_000, 'sum')).toEqual([
      { ts: 0, value: big },
      { ts: 60_000, value: Number.MAX_VALUE },
      { ts: 120_000, value: -big },
    ]);
    // Merged into one bucket (4 × big − 2 × big): the plain sum overflowed on the way, the scaled one did not.
    const [avg] = answer(minutes, 3_600_000, 'avg');
    expect(Math.abs(avg.value / (big / 3) - 1)).toBeLessThan(1e-15);
    expect(aggregateBuckets(huge, 3_600_000, 'avg')[0].value).toBe(avg.value);
    expect(answer(minutes, 3_600_000, 'sum')).toEqual([{ ts: 0, value: Number.MAX_VALUE }]);
  });

  it('extending summaries with later points gives exactly what summarizing everything gives', () => {
    for (const cut of [0, 1, 137, 250, 499, 500]) {
      for (const ms of [60_000, 3_600_000, DAY]) {
        const extended = extendSummaries(summarize(pts.slice(0, cut), ms), pts.slice(cut), ms);
        expect(extended).toEqual(summarize(pts, ms));
      }
    }
  });
});
