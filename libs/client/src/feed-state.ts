/**
 * The connection state a LiveFeed reports (`onState`), and how it moves. Pure, so it is tested
 * without a server.
 *
 * - `connecting`: the first connection is being made (or remade after `start()`).
 * - `live`: subscribed, and values or heartbeats arrive as expected.
 * - `reconnecting`: the connection was lost at `since` (epoch ms); the feed is coming back on its own.
 * - `stale`: connected, but nothing (no values, no heartbeat) since `since`, for longer than expected.
 * - `closed`: the feed stopped and will not come back by itself (`stop()`, a revoked key, a refused
 *   subscription, a handler that threw); `reason` says which.
 */
export type FeedState =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'reconnecting'; since: number }
  | { state: 'stale'; since: number }
  | { state: 'closed'; reason: string };

export type FeedEvent =
  /** `start()` was called. */
  | { type: 'start' }
  /** A subscribe was answered `ok`. */
  | { type: 'subscribed' }
  /** Values or a heartbeat arrived. */
  | { type: 'traffic' }
  /** Nothing arrived since `since`, for longer than expected. */
  | { type: 'quiet'; since: number }
  /** The connection was lost, or a connection attempt failed, at `at`. */
  | { type: 'dropped'; at: number }
  /** The feed stops for good. */
  | { type: 'closed'; reason: string };

/** The state after `event`; the same object when nothing changes (so callers tell changes by identity). */
export function nextFeedState(current: FeedState, event: FeedEvent): FeedState {
  if (current.state === 'closed' && event.type !== 'start') return current;
  switch (event.type) {
    case 'start':
      return current.state === 'closed' ? { state: 'connecting' } : current;
    case 'subscribed':
      return current.state === 'live' ? current : { state: 'live' };
    case 'traffic':
      return current.state === 'stale' ? { state: 'live' } : current;
    case 'quiet':
      return current.state === 'live' ? { state: 'stale', since: event.since } : current;
    case 'dropped':
      // A first connection that fails is still "connecting"; a lost one is "reconnecting" from the
      // moment it was lost, however many attempts follow.
      return current.state === 'live' || current.state === 'stale'
        ? { state: 'reconnecting', since: event.at }
        : current;
    case 'closed':
      return { state: 'closed', reason: event.reason };
  }
}

/**
 * Milliseconds to wait before reconnection attempt `attempt` (0 = the first after a drop): doubling
 * from `minMs` up to `maxMs`, spread by ±50 % so a fleet of clients does not come back at once.
 */
export function reconnectDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.5 + random()));
}
