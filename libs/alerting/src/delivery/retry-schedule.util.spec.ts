import {
  DELIVERY_BACKOFF_TYPE,
  DELIVERY_RETRY_DELAYS_MS,
  deliveryBackoffStrategy,
  deliveryJobOptions,
  retryDelayAfter,
  triesOf,
} from './retry-schedule.util';

/** When try n starts, each earlier try taking `tryMs`. */
const startOf = (n: number, tryMs: number) =>
  DELIVERY_RETRY_DELAYS_MS.slice(0, n - 1).reduce((a, d) => a + d, 0) + tryMs * (n - 1);

describe('the delivery retry schedule', () => {
  it('is 2 s, 5 s, 10 s, 20 s, 40 s, then doubling up to 10 min; 15 tries in all', () => {
    expect(DELIVERY_RETRY_DELAYS_MS.map((d) => d / 1000)).toEqual([
      2, 5, 10, 20, 40, 80, 160, 320, 600, 600, 600, 600, 600, 600,
    ]);
    expect(triesOf(DELIVERY_RETRY_DELAYS_MS)).toBe(15);
  });

  it('keeps the contract: first retry within 5 s, at least three tries within 30 s, then about an hour', () => {
    expect(DELIVERY_RETRY_DELAYS_MS[0]).toBeLessThanOrEqual(5000);
    // Even when every try waits out its 10 s limit, the third starts within 30 s.
    expect(startOf(3, 10_000)).toBeLessThanOrEqual(30_000);
    expect(startOf(3, 0)).toBe(7000);
    expect(startOf(15, 0)).toBe(4237_000); // 1 h 10 min 37 s: the table in retry-schedule.util.ts and docs
    expect(startOf(15, 10_000)).toBe(4377_000); // 1 h 12 min 57 s
  });

  it('gives the wait after each failed try, and none after the last', () => {
    expect(retryDelayAfter(1, DELIVERY_RETRY_DELAYS_MS)).toBe(2000);
    expect(retryDelayAfter(5, DELIVERY_RETRY_DELAYS_MS)).toBe(40_000);
    expect(retryDelayAfter(14, DELIVERY_RETRY_DELAYS_MS)).toBe(600_000);
    expect(retryDelayAfter(15, DELIVERY_RETRY_DELAYS_MS)).toBeNull();
    expect(retryDelayAfter(0, DELIVERY_RETRY_DELAYS_MS)).toBeNull();
  });

  it('is what BullMQ is told: the job carries its waits, -1 stops', async () => {
    const job = { data: { retryDelaysMs: [50, 70] } } as never;
    expect(await deliveryBackoffStrategy(1, DELIVERY_BACKOFF_TYPE, undefined, job)).toBe(50);
    expect(await deliveryBackoffStrategy(2, DELIVERY_BACKOFF_TYPE, undefined, job)).toBe(70);
    expect(await deliveryBackoffStrategy(3, DELIVERY_BACKOFF_TYPE, undefined, job)).toBe(-1);
    expect(await deliveryBackoffStrategy(1, DELIVERY_BACKOFF_TYPE, undefined, { data: {} } as never)).toBe(2000);
    expect(deliveryJobOptions('a.firing.transition.0', [50, 70])).toMatchObject({
      jobId: 'a.firing.transition.0',
      attempts: 3,
      backoff: { type: DELIVERY_BACKOFF_TYPE },
    });
    expect(deliveryJobOptions('d', DELIVERY_RETRY_DELAYS_MS, 1000).delay).toBe(1000);
  });
});
