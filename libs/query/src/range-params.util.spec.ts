import { DAY_MS, parseRangeParams } from './range-params.util';

const now = 1_800_000_000_000;

describe('parseRangeParams', () => {
  it('defaults to the last 24 hours, raw', () => {
    expect(parseRangeParams({}, now)).toEqual({ from: now - DAY_MS, to: now });
    expect(parseRangeParams({ to: '1000000' }, now)).toEqual({ from: 1_000_000 - DAY_MS, to: 1_000_000 });
  });
  it('takes ms and ISO bounds, and step with avg by default', () => {
    expect(
      parseRangeParams({ from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00+07:00', step: '3600000' }, now),
    ).toEqual({
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 0, 1, 17),
      step: 3_600_000,
      agg: 'avg',
    });
    expect(parseRangeParams({ from: '0', to: '10', step: '5', agg: 'max' }, now)).toEqual({
      from: 0,
      to: 10,
      step: 5,
      agg: 'max',
    });
  });
  it('a calendar step, for any indicator; every step of a period indicator by calendar period', () => {
    expect(parseRangeParams({ from: '0', to: '10', step: 'month' }, now)).toEqual({
      from: 0,
      to: 10,
      calendar: 'month',
      agg: 'avg',
    });
    expect(parseRangeParams({ from: '0', to: '10', step: 'day', agg: 'sum' }, now, 'quarter')).toEqual({
      from: 0,
      to: 10,
      calendar: 'quarter',
      agg: 'sum',
    });
    expect(parseRangeParams({ from: '0', to: '10', step: '60000' }, now, 'month')).toMatchObject({ calendar: 'month' });
    expect(parseRangeParams({ from: '0', to: '10', step: String(80 * DAY_MS) }, now, 'month')).toMatchObject({
      calendar: 'quarter',
    });
    // A stream with a numeric step is unchanged.
    expect(parseRangeParams({ from: '0', to: '10', step: '5' }, now)).toEqual({ from: 0, to: 10, step: 5, agg: 'avg' });
    // A month step over a period indicator needs no bucket check by ms.
    expect(parseRangeParams({ from: '0', to: String(DAY_MS * 365 * 20), step: '1' }, now, 'month')).toMatchObject({
      calendar: 'month',
    });
  });
  it.each([
    [
      { step: 'week' },
      /^step: give a whole number of milliseconds \(at least 1\) or a calendar unit: day, month/,
      undefined,
    ],
    [{ step: String(400 * DAY_MS) }, /^step: .* longer than a year; for a period indicator/, 'month'],
    [
      { from: '0', to: String(DAY_MS * 365 * 300), step: 'day' },
      /^step: day gives more than 100000 buckets/,
      undefined,
    ],
    [{ from: 'later' }, /from:/, undefined],
    [{ from: '20', to: '10' }, /must not be after/, undefined],
    [{ step: '0' }, /step/, undefined],
    [{ step: '1.5' }, /step/, undefined],
    [{ step: 'x' }, /step/, undefined],
    [{ from: '0', to: String(DAY_MS * 365), step: '1' }, /buckets/, undefined],
    [{ step: '60000', agg: 'median' }, /agg: must be one of/, undefined],
    [{ agg: 'max' }, /needs a step/, undefined],
  ] as [object, RegExp, 'month' | undefined][])('refuses %p', (params, message, period) => {
    expect(parseRangeParams(params, now, period)).toMatch(message);
  });
});
