import { changeTone, colourScale, NO_VALUE_COLOUR } from './colour-scale.util';

describe('colourScale', () => {
  it('colours the best value green whichever way is good', () => {
    const up = colourScale([10, 20, 30, 40, 50], 'up');
    const down = colourScale([10, 20, 30, 40, 50], 'down');
    expect(up.colourOf(50)).toBe(down.colourOf(10));
    expect(up.colourOf(10)).toBe(down.colourOf(50));
    expect(up.colourOf(50)).not.toBe(up.colourOf(10));
  });
  it('has six bounds from the smallest to the largest value', () => {
    expect(colourScale([0, 100], null).bounds).toEqual([0, 20, 40, 60, 80, 100]);
  });
  it('copes with one value, equal values and no value', () => {
    const one = colourScale([7], 'up');
    expect(one.colourOf(7)).toBe(one.colours[2]);
    expect(colourScale([], null).colourOf(null)).toBe(NO_VALUE_COLOUR);
    expect(colourScale([1, 2], null).colourOf(Number.NaN)).toBe(NO_VALUE_COLOUR);
  });
});

describe('changeTone', () => {
  it('follows the direction', () => {
    expect(changeTone(5, 'up')).toBe(1);
    expect(changeTone(5, 'down')).toBe(-1);
    expect(changeTone(-5, 'down')).toBe(1);
    expect(changeTone(5, null)).toBe(0);
    expect(changeTone(0, 'up')).toBe(0);
    expect(changeTone(null, 'up')).toBe(0);
  });
});
