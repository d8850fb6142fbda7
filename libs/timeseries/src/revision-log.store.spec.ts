import { revisionAsOf } from './revision-log.store';

describe('revisionAsOf', () => {
  const log = [
    { value: 10, reportedAt: 1000, by: 'a' },
    { value: 12, reportedAt: 2000, by: 'b' },
    { value: 11, reportedAt: 3000, by: 'a' },
  ];
  it('answers the last report made at or before asOf, and whether it was a revision', () => {
    expect(revisionAsOf(log, 999)).toBeUndefined();
    expect(revisionAsOf(log, 1000)).toEqual({ current: log[0], index: 0 });
    expect(revisionAsOf(log, 2999)).toEqual({ current: log[1], index: 1 });
    expect(revisionAsOf(log, 10_000)).toEqual({ current: log[2], index: 2 });
    expect(revisionAsOf([], 10_000)).toBeUndefined();
  });
});
