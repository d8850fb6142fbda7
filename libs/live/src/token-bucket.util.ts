/**
 * A token bucket: up to `capacity` events at once, refilled at `capacity` per `periodMs`
 * (so "100 events per 10 s" is `new TokenBucket(100, 10_000)`). `take` answers whether one more
 * event fits now.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly periodMs: number,
    now: number = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  take(now: number = Date.now()): boolean {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / this.periodMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
