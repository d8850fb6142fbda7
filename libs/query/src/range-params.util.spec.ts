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
  it.each([
    [{ from: 'later' }, /from:/],
    [{ from: '20', to: '10' }, /must not be after/],
    [{ step: '0' }, /step/],
    [{ step: '1.5' }, /step/],
    [{ step: 'x' }, /step/],
    [{ from: '0', to: String(DAY_MS * 365), step: '1' }, /buckets/],
    [{ step: '60000', agg: 'median' }, /agg: must be one of/],
    [{ agg: 'max' }, /needs a step/],
  ])('refuses %p', (params, message) => {
    expect(parseRangeParams(params, now)).toMatch(message);
  });
});
