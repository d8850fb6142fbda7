import { TokenBucket } from './token-bucket.util';

describe('TokenBucket', () => {
  it('lets the capacity through at once, then refuses', () => {
    const b = new TokenBucket(100, 10_000, 0);
    let passed = 0;
    for (let i = 0; i < 150; i++) if (b.take(0)) passed++;
    expect(passed).toBe(100);
  });

  it('refills at capacity per period: 10 more after one second', () => {
    const b = new TokenBucket(100, 10_000, 0);
    for (let i = 0; i < 100; i++) b.take(0);
    expect(b.take(0)).toBe(false);
    let passed = 0;
    for (let i = 0; i < 20; i++) if (b.take(1000)) passed++;
    expect(passed).toBe(10);
  });

  it('never holds more than its capacity, however long it idles', () => {
    const b = new TokenBucket(5, 1000, 0);
    let passed = 0;
    for (let i = 0; i < 20; i++) if (b.take(1_000_000)) passed++;
    expect(passed).toBe(5);
  });

  it('a steady sender under the rate is never refused', () => {
    const b = new TokenBucket(100, 10_000, 0);
    for (let t = 0; t < 60_000; t += 110) expect(b.take(t)).toBe(true);
  });
});
