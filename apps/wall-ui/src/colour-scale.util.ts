import type { Direction } from '@app/contracts';

/**
 * The map's colour scale: five classes between the smallest and largest value shown, coloured so that
 * "good" is green whichever way the indicator's direction points; a neutral blue ramp without one.
 */
export const CLASSES = 5;

const GOOD_LAST = ['#c0392b', '#e67e22', '#f1c40f', '#7fc97f', '#1e9e5a'];
const NEUTRAL = ['#1b2f5b', '#24467f', '#2f5fa6', '#4a82c9', '#7aaee6'];

export interface ColourScale {
  /** The class bounds: CLASSES + 1 numbers, smallest first. */
  bounds: number[];
  colours: string[];
  colourOf(value: number | null | undefined): string;
}

export const NO_VALUE_COLOUR = '#2a3550';

export function colourScale(values: number[], direction: Direction | null | undefined): ColourScale {
  const finite = values.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 0;
  const step = (max - min) / CLASSES;
  const bounds = Array.from({ length: CLASSES + 1 }, (_, i) => min + step * i);
  const colours = direction === 'up' ? GOOD_LAST : direction === 'down' ? [...GOOD_LAST].reverse() : NEUTRAL;
  return {
    bounds,
    colours,
    colourOf(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return NO_VALUE_COLOUR;
      if (step === 0) return colours[Math.floor(CLASSES / 2)];
      return colours[Math.min(CLASSES - 1, Math.max(0, Math.floor((value - min) / step)))];
    },
  };
}

/** Whether a change is good (+1), bad (-1) or neither (0) for an indicator of this direction. */
export function changeTone(change: number | null | undefined, direction: Direction | null | undefined): -1 | 0 | 1 {
  if (!direction || typeof change !== 'number' || !Number.isFinite(change) || change === 0) return 0;
  return change > 0 === (direction === 'up') ? 1 : -1;
}
