import { type FeedEvent, type FeedState, nextFeedState, reconnectDelay } from './feed-state.js';

const run = (events: FeedEvent[], from: FeedState = { state: 'closed', reason: 'not started' }) =>
  events.reduce(nextFeedState, from);

describe('nextFeedState', () => {
  it('goes connecting → live on the first subscription', () => {
    expect(run([{ type: 'start' }])).toEqual({ state: 'connecting' });
    expect(run([{ type: 'start' }, { type: 'subscribed' }])).toEqual({ state: 'live' });
  });

  it('stays connecting while first attempts fail', () => {
    expect(run([{ type: 'start' }, { type: 'dropped', at: 5 }, { type: 'dropped', at: 9 }])).toEqual({
      state: 'connecting',
    });
  });

  it('is reconnecting from the moment a connection was lost, however many attempts fail', () => {
    const s = run([
      { type: 'start' },
      { type: 'subscribed' },
      { type: 'dropped', at: 100 },
      { type: 'dropped', at: 900 },
    ]);
    expect(s).toEqual({ state: 'reconnecting', since: 100 });
    expect(nextFeedState(s, { type: 'subscribed' })).toEqual({ state: 'live' });
  });

  it('is stale after a quiet spell while live, and live again on the next traffic', () => {
    const stale = run([{ type: 'start' }, { type: 'subscribed' }, { type: 'quiet', since: 42 }]);
    expect(stale).toEqual({ state: 'stale', since: 42 });
    expect(nextFeedState(stale, { type: 'traffic' })).toEqual({ state: 'live' });
    expect(nextFeedState(stale, { type: 'dropped', at: 50 })).toEqual({ state: 'reconnecting', since: 50 });
  });

  it('ignores quiet spells and traffic outside live and stale', () => {
    const reconnecting: FeedState = { state: 'reconnecting', since: 1 };
    expect(nextFeedState(reconnecting, { type: 'quiet', since: 0 })).toBe(reconnecting);
    expect(nextFeedState(reconnecting, { type: 'traffic' })).toBe(reconnecting);
  });

  it('closed is final until the next start', () => {
    const closed = run([{ type: 'start' }, { type: 'subscribed' }, { type: 'closed', reason: 'unauthorized' }]);
    expect(closed).toEqual({ state: 'closed', reason: 'unauthorized' });
    for (const e of [{ type: 'subscribed' }, { type: 'traffic' }, { type: 'dropped', at: 1 }] as FeedEvent[])
      expect(nextFeedState(closed, e)).toBe(closed);
    expect(nextFeedState(closed, { type: 'start' })).toEqual({ state: 'connecting' });
  });

  it('answers the same object when nothing changes (changes are told by identity)', () => {
    const live: FeedState = { state: 'live' };
    expect(nextFeedState(live, { type: 'subscribed' })).toBe(live);
    expect(nextFeedState(live, { type: 'traffic' })).toBe(live);
    expect(nextFeedState(live, { type: 'start' })).toBe(live);
  });
});

describe('reconnectDelay', () => {
  it('doubles from the minimum up to the maximum', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 50].map((a) => reconnectDelay(a, 500, 5000, mid))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it('spreads each delay by ±50 %', () => {
    expect(reconnectDelay(0, 1000, 5000, () => 0)).toBe(500);
    expect(reconnectDelay(0, 1000, 5000, () => 0.999)).toBe(1499);
  });
});
