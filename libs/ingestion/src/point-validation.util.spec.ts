import {
  calendarProblem,
  checkPoint,
  checkPoints,
  parseTimestamp,
  type PointCheckContext,
  timestampProblem,
} from './point-validation.util';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 15);
const ctx: PointCheckContext = {
  indicatorExists: (c) => c === 'fin.a' || c === 'fin.short',
  scopeExists: (c) => c === '74' || c === '718',
  scopeAllowed: (c) => c === '718',
  rawRetentionMs: (c) => (c === 'fin.short' ? 7 * DAY : 400 * DAY),
  now: NOW,
};
const T = Date.UTC(2026, 10, 1);
const good = { indicator: 'fin.a', scope: '718', ts: T, value: 1.5 };

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
  });
  it('refuses ts 0 and negative epoch ms, and ISO strings at or before 1970', () => {
    expect(parseTimestamp(0)).toBe('ts: 0 is not after 1970-01-01T00:00:00Z; epoch milliseconds must be positive');
    expect(parseTimestamp(-5)).toMatch(/^ts: -5 is not after 1970/);
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toMatch(/^ts: "1970-01-01T00:00:00Z" is not after 1970/);
    expect(parseTimestamp('1969-12-31T23:00:00-02:00')).toBe(Date.UTC(1970, 0, 1, 1));
    expect(parseTimestamp(1)).toBe(1);
  });
  it.each([
    ['2026-02-30T00:00:00Z', 'day 30 does not exist: 2026-02 has 28 days'],
    ['2026-04-31T12:00:00+07:00', 'day 31 does not exist: 2026-04 has 30 days'],
    ['2025-02-29T00:00:00Z', 'day 29 does not exist: 2025-02 has 28 days'],
    ['2026-01-00T00:00:00Z', 'day 00 does not exist: 2026-01 has 31 days'],
    ['2026-13-01T00:00:00Z', 'month must be 01 to 12'],
    ['2026-00-10T00:00:00Z', 'month must be 01 to 12'],
    ['2026-03-01T25:00:00Z', 'hour must be 00 to 23'],
    ['2026-03-01T24:00:00Z', 'hour must be 00 to 23'],
    ['2026-03-01T10:60:00Z', 'minute must be 00 to 59'],
    ['2026-03-01T10:00:60Z', 'second must be 00 to 59'],
  ])('refuses %s, which is not a real calendar date (Date.parse would roll it over)', (raw, why) => {
    expect(parseTimestamp(raw)).toBe(`ts: "${raw}" is not a real calendar date (${why})`);
  });
  it('refuses an impossible offset', () => {
    expect(parseTimestamp('2026-03-01T10:00:00+24:00')).toMatch(/impossible UTC offset/);
    expect(parseTimestamp('2026-03-01T10:00:00+05:60')).toMatch(/impossible UTC offset/);
  });
  it('takes real dates exactly as Date.parse does: leap days, offsets, fractions, minutes only', () => {
    for (const raw of [
      '2024-02-29T00:00:00Z',
      '2000-02-29T23:59:59.999+07:00',
      '2026-12-31T23:59:59-11:30',
      '2026-04-30T08:00+0700',
      '2026-01-01T00:00:00.123456789Z',
      '2026-01-01t00:00:00z',
    ]) {
      expect(parseTimestamp(raw)).toBe(Date.parse(raw));
    }
  });
});

describe('calendarProblem', () => {
  it('is null for real dates, years below 100 included', () => {
    expect(calendarProblem(2024, 2, 29, 23, 59, 59)).toBeNull();
    expect(calendarProblem(50, 1, 31, 0, 0, 0)).toBeNull();
    expect(calendarProblem(1900, 2, 29, 0, 0, 0)).toMatch(/1900-02 has 28 days/);
  });
});

describe('timestampProblem', () => {
  it('refuses a ts whose raw point would already have expired, naming the retention', () => {
    expect(timestampProblem(Date.UTC(2017, 0, 1), 400 * DAY, NOW)).toBe(
      "ts: 2017-01-01T00:00:00.000Z is older than this indicator's raw retention (400 days)",
    );
    // Readable until the end of its UTC day plus the retention (when its raw chunk expires).
    const edge = NOW - 7 * DAY;
    const dayStart = Math.floor(edge / DAY) * DAY;
    expect(timestampProblem(dayStart, 7 * DAY, NOW)).toBeNull();
    expect(timestampProblem(dayStart - 1, 7 * DAY, NOW)).toMatch(/raw retention \(7 days\)/);
    expect(timestampProblem(NOW, 7 * DAY, NOW)).toBeNull();
  });
  it('refuses a ts outside the accepted window', () => {
    expect(timestampProblem(NOW + 400 * DAY, 400 * DAY, NOW)).toMatch(/outside the accepted time window/);
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
    [{ ...good, ts: -5 }, /ts: -5 is not after 1970/],
    [{ ...good, ts: 0 }, /ts: 0 is not after 1970/],
    [
      { ...good, ts: Date.UTC(2017, 0, 1) },
      /ts: 2017-01-01T00:00:00.000Z is older than this indicator's raw retention/,
    ],
    [{ ...good, indicator: 'fin.short', ts: NOW - 30 * DAY }, /raw retention \(7 days\)/],
    [{ ...good, ts: '2026-02-30T00:00:00Z' }, /ts: "2026-02-30T00:00:00Z" is not a real calendar date/],
    [{ ...good, indicator: 5 }, /indicator: missing or not a string/],
  ])('rejects %p', (raw, reason) => {
    expect(checkPoint(raw, ctx)).toMatch(reason);
  });
});

describe('checkPoints', () => {
  it('keeps the good points and lists each bad one with its index', () => {
    const r = checkPoints([good, { ...good, value: 'x' }, { ...good, ts: T + 2000 }, 7], ctx);
    expect(r.accepted).toEqual([good, { ...good, ts: T + 2000 }]);
    expect(r.rejected.map((x) => x.index)).toEqual([1, 3]);
  });
});

describe('checkPoint of period indicators', () => {
  const pctx: PointCheckContext = {
    ...ctx,
    indicatorExists: (c) => ['fin.a', 'fin.m', 'fin.y'].includes(c),
    periodKind: (c) => (c === 'fin.m' ? 'month' : c === 'fin.y' ? 'year' : 'none'),
    rawRetentionMs: (c) => (c === 'fin.a' ? 400 * DAY : 36_500 * DAY),
  };
  const oct = Date.parse('2026-10-01T00:00:00+07:00');

  it('stores a period or a ts at the start of its period (UTC+7)', () => {
    expect(checkPoint({ indicator: 'fin.m', scope: '718', period: '2026-10', value: 5 }, pctx)).toEqual({
      indicator: 'fin.m',
      scope: '718',
      ts: oct,
      value: 5,
    });
    expect(checkPoint({ indicator: 'fin.m', scope: '718', ts: '2026-10-31T23:30:00+07:00', value: 5 }, pctx)).toEqual({
      indicator: 'fin.m',
      scope: '718',
      ts: oct,
      value: 5,
    });
    expect(checkPoint({ indicator: 'fin.m', scope: '718', ts: '2026-09-30T17:00:00Z', value: 5 }, pctx)).toMatchObject({
      ts: oct,
    });
  });

  it('keeps a backfill of 2016 that a stream would refuse as past its raw retention', () => {
    expect(checkPoint({ indicator: 'fin.m', scope: '718', period: '2016-01', value: 1 }, pctx)).toMatchObject({
      ts: Date.parse('2016-01-01T00:00:00+07:00'),
    });
    expect(checkPoint({ indicator: 'fin.a', scope: '718', ts: Date.UTC(2016, 0, 1), value: 1 }, pctx)).toMatch(
      /raw retention/,
    );
  });

  it('rejects bad periods with a reason naming the field', () => {
    const reason = (extra: object) => checkPoint({ indicator: 'fin.m', scope: '718', value: 1, ...extra }, pctx);
    expect(reason({ period: '2026-13' })).toBe('period: "2026-13": month 13 does not exist (months are 01-12)');
    expect(reason({ indicator: 'fin.y', period: '2026-10' })).toMatch(
      /^period: "2026-10" is a month, but the indicator is reported per year/,
    );
    expect(reason({ indicator: 'fin.a', period: '2026-10' })).toMatch(/^period: indicator "fin.a" is a stream/);
    expect(reason({ period: 202610 })).toMatch(/^period: must be a string/);
    expect(reason({ period: '2026-10', ts: oct })).toBe('period: give either ts or period, not both');
    expect(reason({ period: '2027-01' })).toMatch(
      /^period: 2027-01 has not started yet \(a figure for a future period is a plan/,
    );
    expect(reason({ ts: Date.UTC(2027, 0, 5) })).toMatch(/^ts: .* is in 2027-01, which has not started yet/);
    expect(reason({ indicator: 'nope', period: '2026-10' })).toMatch(/^indicator: unknown/);
  });
});
