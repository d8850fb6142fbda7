import { pointsOfIndicators, RecentEntries } from './recent-entries';

const entry = (ms: number, n = 1) => ({
  id: `${ms}-0`,
  points: Array.from({ length: n }, (_, i) => ({ indicator: 'a', scope: 's', ts: ms + i, value: i })),
});

describe('RecentEntries', () => {
  it('covers everything after its start and hands back the entries after an id', () => {
    const r = new RecentEntries(5000, 1000, '100-0');
    for (const ms of [101, 102, 103]) r.push(entry(ms), 0);
    expect(r.covers('100-0', 0)).toBe(true);
    expect(r.covers('99-5', 0)).toBe(false);
    expect(r.since('100-0').map((e) => e.id)).toEqual(['101-0', '102-0', '103-0']);
    expect(r.since('102-0').map((e) => e.id)).toEqual(['103-0']);
    expect(r.since('103-0')).toEqual([]);
    expect(r.since('101-5').map((e) => e.id)).toEqual(['102-0', '103-0']);
  });

  it('drops entries past its age and says it no longer covers them', () => {
    const r = new RecentEntries(1000, 1000, '0-0');
    r.push(entry(1), 0);
    r.push(entry(2), 500);
    r.push(entry(3), 1600);
    expect(r.covers('0-0', 1600)).toBe(false);
    expect(r.covers('1-0', 1600)).toBe(false);
    expect(r.covers('2-0', 1600)).toBe(true);
    expect(r.since('2-0').map((e) => e.id)).toEqual(['3-0']);
  });

  it('ages out entries when asked, even with no new entry (an idle stream)', () => {
    const r = new RecentEntries(1000, 1000, '0-0');
    r.push(entry(1), 0);
    r.push(entry(2), 100);
    expect(r.covers('0-0', 900)).toBe(true);
    expect(r.covers('0-0', 1050)).toBe(false);
    expect(r.covers('1-0', 1050)).toBe(true);
    expect(r.covers('1-0', 5000)).toBe(false);
    expect(r.covers('2-0', 5000)).toBe(true);
    expect(r.since('2-0')).toEqual([]);
  });

  it('is bounded by points, but always keeps the newest entry', () => {
    const r = new RecentEntries(60_000, 10, '0-0');
    r.push(entry(1, 6), 0);
    r.push(entry(2, 6), 0);
    expect(r.covers('1-0', 0)).toBe(true);
    expect(r.covers('0-0', 0)).toBe(false);
    r.push(entry(3, 50), 0);
    expect(r.since('2-0').map((e) => e.id)).toEqual(['3-0']);
  });

  it('keeps working after many pushes (compaction)', () => {
    const r = new RecentEntries(60_000, 100, '0-0');
    for (let ms = 1; ms <= 5000; ms++) r.push(entry(ms), 0);
    expect(r.covers('4900-0', 0)).toBe(true);
    expect(r.covers('4899-0', 0)).toBe(false);
    expect(r.since('4998-0').map((e) => e.id)).toEqual(['4999-0', '5000-0']);
  });

  it('lets go of the entries it drops at once, not at the next compaction (big entries stay bounded)', () => {
    // An import writes entries of hundreds of points: holding 1,000 dropped ones is 500,000 points.
    const r = new RecentEntries(60_000, 2000, '0-0');
    for (let ms = 1; ms <= 900; ms++) r.push(entry(ms, 500), 0);
    expect(r.since('0-0').length).toBe(4);
    expect(r.retained()).toBe(4);
  });
});

describe('pointsOfIndicators', () => {
  const e = {
    id: '1-0',
    points: [
      { indicator: 'a', scope: 's', ts: 1, value: 1 },
      { indicator: 'b', scope: 's', ts: 2, value: 2 },
      { indicator: 'a', scope: 't', ts: 3, value: 3 },
      { indicator: 'c', scope: 's', ts: 4, value: 4 },
      { indicator: 'b', scope: 't', ts: 5, value: 5 },
    ],
  };

  it('gives the points of the indicators asked for, in time order, the same as a plain filter', () => {
    const wanted = new Set(['b', 'a', 'zz']);
    expect(pointsOfIndicators(e, wanted)).toEqual(e.points.filter((p) => wanted.has(p.indicator)));
    expect(pointsOfIndicators(e, new Set(['c'])).map((p) => p.value)).toEqual([4]);
    expect(pointsOfIndicators(e, new Set(['none']))).toEqual([]);
  });
});
