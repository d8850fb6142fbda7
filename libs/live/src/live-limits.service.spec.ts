import { loadConfig } from '@app/config';
import { LiveLimits } from './live-limits.service';

const limits = (env: Record<string, string>) => new LiveLimits(loadConfig(env));

describe('LiveLimits', () => {
  it('refuses sockets past the per-key and per-address caps, and frees a place when one closes', () => {
    const l = limits({ IOC_LIVE_MAX_SOCKETS_PER_KEY: '2', IOC_LIVE_MAX_SOCKETS_PER_ADDRESS: '3' });
    l.socketOpened('k1', 'a');
    l.socketOpened('k1', 'a');
    expect(l.refuseSocket('k1', 'b')).toBe('too many connections for this key');
    expect(l.refuseSocket('k2', 'a')).toBeNull();
    l.socketOpened('k2', 'a');
    expect(l.refuseSocket('k3', 'a')).toBe('too many connections from this address');
    l.socketClosed('k1', 'a');
    expect(l.refuseSocket('k1', 'b')).toBeNull();
    expect(l.stats.sockets).toBe(2);
  });

  it('counts resumes per key; a released ticket frees its place once', () => {
    const l = limits({ IOC_LIVE_MAX_REPLAYS_PER_KEY: '2' });
    const a = l.startReplay('k')!;
    const b = l.startReplay('k')!;
    expect(l.startReplay('k')).toBeNull();
    expect(l.startReplay('other')).not.toBeNull();
    a.release();
    a.release();
    expect(l.startReplay('k')).not.toBeNull();
    expect(l.startReplay('k')).toBeNull();
    b.release();
  });

  it('runs at most liveMaxReplays reads at once; the others wait their turn, in order', async () => {
    const l = limits({ IOC_LIVE_MAX_REPLAYS: '2' });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates: Array<() => void> = [];
    const read = (i: number) =>
      l.replayRead(
        async () => {
          running++;
          most = Math.max(most, running);
          await new Promise<void>((open) => gates.push(open));
          running--;
          order.push(i);
          return i;
        },
        () => 0,
      );
    const all = Promise.all([0, 1, 2, 3, 4].map(read));
    for (let opened = 0; opened < 5; opened++) {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      expect(running).toBeLessThanOrEqual(2);
      gates.shift()!();
    }
    expect(await all).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(l.stats.readsRunning).toBe(0);
  });

  it('a failing read frees its slot', async () => {
    const l = limits({ IOC_LIVE_MAX_REPLAYS: '1' });
    await expect(
      l.replayRead(
        () => Promise.reject(new Error('redis')),
        () => 0,
      ),
    ).rejects.toThrow('redis');
    expect(
      await l.replayRead(
        async () => 7,
        () => 0,
      ),
    ).toBe(7);
  });

  it('all reads together spend at most liveReplayBytesPerSecond: an overdrawn budget makes the next read wait', async () => {
    const l = limits({ IOC_LIVE_REPLAY_BYTES_PER_SECOND: '100000' });
    const started: number[] = [];
    const read = () =>
      l.replayRead(
        async () => started.push(Date.now()),
        () => 60_000,
      );
    await read();
    await read();
    // 120,000 bytes spent from a 100,000 budget: the third read waits for the deficit to refill.
    await read();
    expect(started[2] - started[1]).toBeGreaterThanOrEqual(150);
  });

  it('new connections per address: one second of them at once, then refused; other addresses are not', () => {
    const l = limits({ IOC_LIVE_HANDSHAKES_PER_SECOND: '10' });
    let admitted = 0;
    for (let i = 0; i < 50; i++) if (l.takeHandshake('10.0.0.1')) admitted++;
    expect(admitted).toBe(10);
    expect(l.takeHandshake('10.0.0.2')).toBe(true);
  });

  it("a key's event bucket outlives its sockets: reconnecting does not refill it", () => {
    const l = limits({ IOC_LIVE_KEY_EVENTS_PER_10S: '5' });
    l.socketOpened('k', 'a');
    for (let i = 0; i < 5; i++) expect(l.takeKeyEvent('k')).toBe(true);
    expect(l.takeKeyEvent('k')).toBe(false);
    l.socketClosed('k', 'a');
    l.socketOpened('k', 'a');
    expect(l.takeKeyEvent('k')).toBe(false);
  });
});
