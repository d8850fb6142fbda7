import type { AlertCondition } from '@app/contracts';
import { parseCondition } from './rule-validation.util';
import { changePct, type ConditionContext, judgeAge, judgeRevision, judgeValue } from './condition.util';

const none: ConditionContext = { previous: null, target: null };
const sig = (c: AlertCondition, v: number, ctx = none) => judgeValue(c, v, ctx).signal;

describe('judgeValue', () => {
  it('> and >= without clear: breach, else clear', () => {
    expect(sig({ op: '>', value: 100 }, 100.1)).toBe('breach');
    expect(sig({ op: '>', value: 100 }, 100)).toBe('clear');
    expect(sig({ op: '>=', value: 100 }, 100)).toBe('breach');
    expect(sig({ op: '>=', value: 100 }, 99.9)).toBe('clear');
    expect(judgeValue({ op: '>', value: 100 }, 120, none).threshold).toBe(100);
  });

  it('> with clear: between clear and value the state holds (hysteresis)', () => {
    const c: AlertCondition = { op: '>', value: 100, clear: 90 };
    expect(sig(c, 101)).toBe('breach');
    expect(sig(c, 95)).toBe('hold');
    expect(sig(c, 100)).toBe('hold');
    expect(sig(c, 90)).toBe('clear');
  });

  it('< and <= mirror them', () => {
    expect(sig({ op: '<', value: 10 }, 9)).toBe('breach');
    expect(sig({ op: '<', value: 10 }, 10)).toBe('clear');
    expect(sig({ op: '<=', value: 10 }, 10)).toBe('breach');
    const c: AlertCondition = { op: '<', value: 10, clear: 15 };
    expect(sig(c, 12)).toBe('hold');
    expect(sig(c, 15)).toBe('clear');
  });

  it('outside: either edge breaches, the crossed edge is the threshold, clear is a margin inside', () => {
    const c: AlertCondition = { op: 'outside', low: 10, high: 20, clear: 2 };
    expect(judgeValue(c, 9, none)).toEqual({ signal: 'breach', threshold: 10 });
    expect(judgeValue(c, 21, none)).toEqual({ signal: 'breach', threshold: 20 });
    expect(sig(c, 11)).toBe('hold');
    expect(sig(c, 19)).toBe('hold');
    expect(sig(c, 15)).toBe('clear');
    expect(sig({ op: 'outside', low: 10, high: 20 }, 10)).toBe('clear');
  });

  it('below_target_pct: against the target; holds without one', () => {
    const c: AlertCondition = { op: 'below_target_pct', value: 80 };
    expect(judgeValue(c, 79, { previous: null, target: 100 })).toEqual({ signal: 'breach', threshold: 80 });
    expect(sig(c, 80, { previous: null, target: 100 })).toBe('clear');
    expect(sig(c, 1, none)).toBe('hold');
    const h: AlertCondition = { op: 'below_target_pct', value: 80, clear: 90 };
    expect(sig(h, 85, { previous: null, target: 100 })).toBe('hold');
    expect(sig(h, 90, { previous: null, target: 100 })).toBe('clear');
  });

  it('change_pct: against the previous value, by direction; holds without one', () => {
    const any: AlertCondition = { op: 'change_pct', value: 50 };
    expect(judgeValue(any, 16, { previous: 10, target: null })).toEqual({ signal: 'breach', threshold: 10 });
    expect(sig(any, 4, { previous: 10, target: null })).toBe('breach');
    expect(sig(any, 15, { previous: 10, target: null })).toBe('clear');
    expect(sig({ op: 'change_pct', value: 50, direction: 'up' }, 4, { previous: 10, target: null })).toBe('clear');
    expect(sig({ op: 'change_pct', value: 50, direction: 'down' }, 4, { previous: 10, target: null })).toBe('breach');
    expect(sig(any, 1, { previous: 0, target: null })).toBe('breach');
    expect(sig(any, 5, none)).toBe('hold');
  });

  it('stale: a new value clears; age breaches past the seconds', () => {
    expect(sig({ op: 'stale', seconds: 60 }, 1)).toBe('clear');
    expect(judgeAge({ op: 'stale', seconds: 60 }, 60_001)).toEqual({ signal: 'breach', threshold: 60 });
    expect(judgeAge({ op: 'stale', seconds: 60 }, 60_000).signal).toBe('clear');
  });

  it('changePct', () => {
    expect(changePct(10, 15)).toBe(50);
    expect(changePct(-10, -5)).toBe(50);
    expect(changePct(0, 0)).toBe(0);
    expect(changePct(0, -1)).toBe(-Infinity);
  });

  it('missing: parsed without parameters; a new value alone decides nothing (the sweep judges it)', () => {
    expect(parseCondition({ op: 'missing' })).toEqual({ op: 'missing' });
    expect(judgeValue({ op: 'missing' }, 5, { previous: null, target: null }).signal).toBe('hold');
  });

  it('revision_pct: parsed with a positive value; a new latest value alone decides nothing', () => {
    expect(parseCondition({ op: 'revision_pct', value: 10 })).toEqual({ op: 'revision_pct', value: 10 });
    expect(() => parseCondition({ op: 'revision_pct' })).toThrow('condition.value: must be a finite number');
    expect(() => parseCondition({ op: 'revision_pct', value: 0 })).toThrow(/condition.value: a percentage/);
    expect(judgeValue({ op: 'revision_pct', value: 10 }, 5, none).signal).toBe('hold');
  });
});

describe('judgeRevision', () => {
  const c = { op: 'revision_pct' as const, value: 10 };
  it('a revision beyond the share breaches, with the replaced value as threshold; a small one is not judged', () => {
    expect(judgeRevision(c, { value: 52, previous: 41.2, newPeriod: false })).toEqual({
      signal: 'breach',
      threshold: 41.2,
    });
    expect(judgeRevision(c, { value: 30, previous: 41.2, newPeriod: false })).toEqual({
      signal: 'breach',
      threshold: 41.2,
    });
    expect(judgeRevision(c, { value: 45, previous: 41.2, newPeriod: false })).toBeNull();
    // Exactly the share is not more than it.
    expect(judgeRevision(c, { value: 110, previous: 100, newPeriod: false })).toBeNull();
    expect(judgeRevision(c, { value: 1, previous: 0, newPeriod: false })?.signal).toBe('breach');
  });

  it('the first report of a new period clears; a backfilled first report of an older period is not judged', () => {
    expect(judgeRevision(c, { value: 7, previous: null, newPeriod: true })).toEqual({ signal: 'clear', threshold: 0 });
    expect(judgeRevision(c, { value: 7, previous: null, newPeriod: false })).toBeNull();
  });
});
