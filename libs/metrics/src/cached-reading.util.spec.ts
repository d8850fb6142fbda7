import { CachedReading } from './cached-reading.util';

/** A read the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CachedReading', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('reads once, answers from the cache within ttlMs, reads again after it', async () => {
    let reads = 0;
    const r = new CachedReading(() => ++reads, { ttlMs: 100, timeoutMs: 50, now });
    expect(await r.get()).toEqual({ ok: true, value: 1, at: 1_000 });
    clock += 99;
    expect(await r.get()).toEqual({ ok: true, value: 1, at: 1_000 });
    clock += 1;
    expect(await r.get()).toEqual({ ok: true, value: 2, at: 1_100 });
    expect(reads).toBe(2);
  });

  it('a read that fails answers ok:false with its message, not the older value', async () => {
    let fail = false;
    const r = new CachedReading(
      () => {
        if (fail) throw new Error('ECONNREFUSED');
        return 7;
      },
      { ttlMs: 10, timeoutMs: 50, now },
    );
    expect(await r.get()).toMatchObject({ ok: true, value: 7 });
    fail = true;
    clock += 10;
    expect(await r.get()).toEqual({ ok: false, error: 'ECONNREFUSED' });
  });

  it('a read that hangs answers ok:false after timeoutMs; asks meanwhile share it; its late value is kept', async () => {
    const hanging = deferred<number>();
    let reads = 0;
    const r = new CachedReading(
      () => {
        reads++;
        return hanging.promise;
      },
      { ttlMs: 1_000, timeoutMs: 20, now },
    );
    expect(await r.get()).toEqual({ ok: false, error: 'no answer within 20 ms' });
    expect(await r.get()).toEqual({ ok: false, error: 'no answer within 20 ms' });
    expect(reads).toBe(1);
    hanging.resolve(42);
    await hanging.promise;
    expect(await r.get()).toMatchObject({ ok: true, value: 42 });
    expect(reads).toBe(1);
  });

  it('after a failed read, the next ask reads again', async () => {
    const first = deferred<number>();
    const reads: Promise<number>[] = [first.promise, Promise.resolve(5)];
    const r = new CachedReading(() => reads.shift()!, { ttlMs: 1_000, timeoutMs: 50, now });
    first.reject(new Error('down'));
    expect(await r.get()).toEqual({ ok: false, error: 'down' });
    expect(await r.get()).toMatchObject({ ok: true, value: 5 });
  });
});
