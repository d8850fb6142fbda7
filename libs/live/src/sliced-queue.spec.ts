import { SlicedQueue } from './sliced-queue';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('SlicedQueue', () => {
  it('runs tasks in order and hands back their results and errors', async () => {
    const q = new SlicedQueue();
    const order: number[] = [];
    const results = await Promise.allSettled([
      q.run(() => order.push(1)),
      q.run(() => {
        throw new Error('no');
      }),
      q.run(() => order.push(3)),
    ]);
    expect(order).toEqual([1, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets the event loop turn between slices (an immediate queued meanwhile runs before the last task)', async () => {
    const q = new SlicedQueue(5);
    const order: string[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => q.run(() => (busy(3), order.push(`t${i}`))));
    setImmediate(() => setImmediate(() => order.push('other')));
    await Promise.all(tasks);
    const other = order.indexOf('other');
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(order.length - 1);
  });
});
