import { encodeRecords } from './chunk-codec.util';
import { appendedPoints, appendOffset, SEALED } from './day-points.util';

const day = 20_400;
const base = day * 86_400_000;

describe('extending rollups by appended points', () => {
  it('appendOffset: from where a stored rollup can be extended, and when it cannot', () => {
    expect(appendOffset(120, base + 5, false, 240)).toBe(120);
    expect(appendOffset(SEALED + 24, base + 5, true, 36)).toBe(24);
    expect(appendOffset(120, null, false, 240)).toBeNull(); // first format: no last ts
    expect(appendOffset(120, base + 5, true, 240)).toBeNull(); // sealed since it was computed
    expect(appendOffset(SEALED, base + 5, false, 240)).toBeNull(); // was sealed, is not any more
    expect(appendOffset(120, base + 5, false, 60)).toBeNull(); // raw chunk shorter: expired or rewritten
  });

  it('appendedPoints: only whole records strictly after the last summarized point, in time order', () => {
    const tail = encodeRecords(day, [
      { ts: base + 10, value: 1 },
      { ts: base + 20, value: 2 },
    ]);
    expect(appendedPoints(day, Buffer.concat([tail, Buffer.alloc(5)]), base + 5)).toEqual([
      { ts: base + 10, value: 1 },
      { ts: base + 20, value: 2 },
    ]);
    expect(appendedPoints(day, tail, base + 10)).toBeNull(); // overwrites the last point
    expect(
      appendedPoints(
        day,
        encodeRecords(day, [
          { ts: base + 30, value: 1 },
          { ts: base + 20, value: 2 },
        ]),
        0,
      ),
    ).toBeNull();
    expect(appendedPoints(day, Buffer.alloc(0), base)).toEqual([]);
  });
});
