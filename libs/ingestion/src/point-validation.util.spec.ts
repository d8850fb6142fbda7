import { checkPoint, checkPoints, parseTimestamp, PointCheckContext } from './point-validation.util';

const ctx: PointCheckContext = {
  indicatorExists: (c) => c === 'fin.a',
  scopeExists: (c) => c === '74' || c === '718',
  scopeAllowed: (c) => c === '718',
  timestampProblem: (ts) => (ts < 0 ? 'ts: before 1970' : null),
};
const good = { indicator: 'fin.a', scope: '718', ts: 1000, value: 1.5 };

describe('parseTimestamp', () => {
  it('takes epoch ms and ISO strings with an offset', () => {
    expect(parseTimestamp(1700000000000)).toBe(1700000000000);
    expect(parseTimestamp('2026-11-23T08:00:00+07:00')).toBe(Date.UTC(2026, 10, 23, 1));
    expect(parseTimestamp('2026-11-23T01:00:00.250Z')).toBe(Date.UTC(2026, 10, 23, 1, 0, 0, 250));
  });
  it('refuses ISO strings without an offset, garbage and non-integers', () => {
    expect(parseTimestamp('2026-11-23T08:00:00')).toMatch(/offset/);
    expect(parseTimestamp('yesterday')).toMatch(/ISO-8601/);
    expect(parseTimestamp(1.5)).toMatch(/whole/);
    expect(parseTimestamp(undefined)).toMatch(/missing/);
    expect(parseTimestamp(null)).toMatch(/null/);
    expect(parseTimestamp('2026-02-30T00:00:00Z')).toEqual(expect.any(Number)); // Date.parse rolls over; accepted like JS does
  });
});

describe('checkPoint', () => {
  it('accepts a good point', () => {
    expect(checkPoint(good, ctx)).toEqual(good);
  });
  it.each([
    [null, /object/],
    [[1], /array/],
    [{ ...good, indicator: 'nope' }, /unknown indicator "nope"/],
    [{ ...good, scope: 'x' }, /unknown scope "x"/],
    [{ ...good, scope: '74' }, /not allowed for this key/],
    [{ ...good, value: 'NaN' }, /value: must be a finite JSON number, not the string/],
    [{ ...good, value: null }, /value: must be a finite JSON number, not null/],
    [{ ...good, value: undefined }, /value: missing/],
    [{ ...good, value: Infinity }, /finite/],
    [{ ...good, ts: 'soon' }, /ts:/],
    [{ ...good, ts: -5 }, /before 1970/],
    [{ ...good, indicator: 5 }, /indicator: missing or not a string/],
  ])('rejects %p', (raw, reason) => {
    expect(checkPoint(raw, ctx)).toMatch(reason);
  });
});

describe('checkPoints', () => {
  it('keeps the good points and lists each bad one with its index', () => {
    const r = checkPoints([good, { ...good, value: 'x' }, { ...good, ts: 2000 }, 7], ctx);
    expect(r.accepted).toEqual([good, { ...good, ts: 2000 }]);
    expect(r.rejected.map((x) => x.index)).toEqual([1, 3]);
  });
});
