import { AGGREGATIONS } from '@app/contracts';
import { aggregateBuckets } from './bucket-aggregate.util';
import { decodeChunk, encodeRecords } from './chunk-codec.util';
import { answer, decodeRollup, encodeRollup, extendSummaries, summarize } from './rollup.util';

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
    // The first format (no last ts) still reads.
    const first = Buffer.concat([Buffer.from([0xd2, 0x04, 0, 0]), encodeRollup(1234, s, 42).subarray(12)]);
    expect(decodeRollup(first)).toEqual({ chunkLength: 1234, lastTs: null, summaries: s });
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
