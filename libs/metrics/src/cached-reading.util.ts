/** What a reading gave: its value (fresh, or from the cache), or why there is none. */
export type Reading<T> = { ok: true; value: T; at: number } | { ok: false; error: string };

export interface CachedReadingOptions {
  /** A value read less than this long ago is answered without reading again (ms). */
  ttlMs: number;
  /** A read that has not settled by then is answered as failed (it goes on; its value is kept) (ms). */
  timeoutMs: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * A value read from a slow or possibly absent source (Redis, the database) at scrape time: answered
 * from a short cache, never waited for longer than `timeoutMs`, and never read twice at once (while a
 * read hangs, later asks wait on the same read, so a dead Redis does not pile up commands).
 * A failed or late read answers `ok: false`, never an older value.
 */
export class CachedReading<T> {
  private last?: { value: T; at: number };
  private inFlight?: Promise<Reading<T>>;
  private readonly now: () => number;

  constructor(
    private readonly read: () => T | Promise<T>,
    private readonly options: CachedReadingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<Reading<T>> {
    if (this.last && this.now() - this.last.at < this.options.ttlMs) return { ok: true, ...this.last };
    const flight = (this.inFlight ??= this.start());
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Reading<T>>((done) => {
      timer = setTimeout(
        () => done({ ok: false, error: `no answer within ${this.options.timeoutMs} ms` }),
        this.options.timeoutMs,
      );
      timer.unref?.();
    });
    try {
      return await Promise.race([flight, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async start(): Promise<Reading<T>> {
    try {
      const value = await this.read();
      this.last = { value, at: this.now() };
      return { ok: true, ...this.last };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      this.inFlight = undefined;
    }
  }
}
