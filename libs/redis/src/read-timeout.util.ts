/** A store read that did not answer in time (the caller answers 503). */
export class ReadTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`Redis did not answer within ${ms} ms; retry`);
    this.name = 'ReadTimeoutError';
  }
}

/**
 * Settles like `work`, or rejects with ReadTimeoutError when `work` has not settled within `ms`.
 * A late answer (or failure) of `work` is ignored: it is handled, so it never becomes unhandled.
 */
export function withReadTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ReadTimeoutError(ms)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err as Error);
      },
    );
  });
}
