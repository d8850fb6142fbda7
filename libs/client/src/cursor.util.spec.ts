import { compareCursors, isAtOrBefore } from './cursor.util.js';

describe('compareCursors', () => {
  it.each([
    ['1-0', '1-0', 0],
    ['1-0', '1-1', -1],
    ['1-1', '1-0', 1],
    ['9-5', '10-0', -1],
    ['1700000000000-9', '1700000000001-0', -1],
    ['1700000000000-10', '1700000000000-9', 1],
    ['99999999999999999999-0', '99999999999999999998-7', 1],
    ['007-1', '7-1', 0],
  ])('%s vs %s → %d', (a, b, sign) => expect(Math.sign(compareCursors(a, b)!)).toBe(sign));

  it.each([
    ['garbage', '1-0'],
    ['1-0', ''],
    ['1', '1-0'],
    ['-1-0', '1-0'],
  ])('cannot order %j and %j', (a, b) => expect(compareCursors(a, b)).toBeNull());
});

describe('isAtOrBefore', () => {
  it('is false with no last cursor, and for cursors it cannot order', () => {
    expect(isAtOrBefore('1-0', null)).toBe(false);
    expect(isAtOrBefore('opaque', '5-0')).toBe(false);
  });

  it('is true at and before the last cursor, false after it', () => {
    expect(isAtOrBefore('5-0', '5-0')).toBe(true);
    expect(isAtOrBefore('4-9', '5-0')).toBe(true);
    expect(isAtOrBefore('5-1', '5-0')).toBe(false);
  });
});
