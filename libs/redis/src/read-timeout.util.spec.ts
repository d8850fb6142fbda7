import { ReadTimeoutError, withReadTimeout } from './read-timeout.util';

describe('withReadTimeout', () => {
  it('answers what the read answers when it settles first', async () => {
    await expect(withReadTimeout(Promise.resolve(42), 60_000)).resolves.toBe(42);
    await expect(withReadTimeout(Promise.reject(new Error('boom')), 60_000)).rejects.toThrow('boom');
  });

  it('rejects with a retryable message when the read does not settle in time', async () => {
    const never = new Promise<number>(() => undefined);
    const err = await withReadTimeout(never, 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReadTimeoutError);
    expect((err as Error).message).toBe('Redis did not answer within 5 ms; retry');
  });

  it('ignores a late failure (no unhandled rejection) and a late answer', async () => {
    let fail!: (e: Error) => void;
    const late = new Promise<number>((_, reject) => (fail = reject));
    await expect(withReadTimeout(late, 5)).rejects.toBeInstanceOf(ReadTimeoutError);
    fail(new Error('too late'));
    await late.catch(() => undefined);
  });
});
