import { checkPoint, type PointCheckContext } from './point-validation.util';
import { rejectionClass } from './rejection-class.util';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 15);
const ctx: PointCheckContext = {
  indicatorExists: (c) => c === 'fin.a',
  scopeExists: (c) => c === '74' || c === '718',
  scopeAllowed: (c) => c === '718',
  rawRetentionMs: () => 7 * DAY,
  now: NOW,
};
const good = { indicator: 'fin.a', scope: '718', ts: NOW - DAY, value: 1.5 };

/** The class of the reason checkPoint gives for this point. */
const classOf = (point: unknown) => {
  const reason = checkPoint(point, ctx);
  if (typeof reason !== 'string') throw new Error('the point was accepted');
  return rejectionClass(reason);
};

describe('rejectionClass, over the reasons checkPoint really gives', () => {
  it.each([
    ['not an object', 'x', 'bad_point'],
    ['no indicator', { ...good, indicator: undefined }, 'bad_point'],
    ['no scope', { ...good, scope: 7 }, 'bad_point'],
    ['unknown indicator', { ...good, indicator: 'fin.nope' }, 'unknown_indicator'],
    ['unknown scope', { ...good, scope: '999' }, 'unknown_scope'],
    ['scope of another key', { ...good, scope: '74' }, 'scope_not_allowed'],
    ['value a string', { ...good, value: '1' }, 'bad_value'],
    ['value missing', { ...good, value: undefined }, 'bad_value'],
    ['ts missing', { ...good, ts: undefined }, 'bad_ts'],
    ['ts without offset', { ...good, ts: '2026-11-23T08:00:00' }, 'bad_ts'],
    ['30 February', { ...good, ts: '2026-02-30T08:00:00+07:00' }, 'bad_ts'],
    ['ts far in the future', { ...good, ts: NOW + 3650 * DAY }, 'ts_out_of_window'],
    ['ts past retention', { ...good, ts: NOW - 30 * DAY }, 'past_retention'],
  ])('%s', (_name, point, expected) => {
    expect(classOf(point)).toBe(expected);
  });

  it('an unknown sentence is "other"', () => {
    expect(rejectionClass('something new')).toBe('other');
  });
});
