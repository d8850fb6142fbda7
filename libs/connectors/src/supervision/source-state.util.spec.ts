import { MAX_BACKOFF_MS, retryNotBefore, sourceState } from './source-state.util';

describe('source state and back-off', () => {
  it('failing after N failures in a row; paused wins', () => {
    expect(sourceState({ failures: 0, paused: false }, 3)).toBe('ok');
    expect(sourceState({ failures: 2, paused: false }, 3)).toBe('ok');
    expect(sourceState({ failures: 3, paused: false }, 3)).toBe('failing');
    expect(sourceState({ failures: 3, paused: true }, 3)).toBe('paused');
  });

  it('the wait doubles with each failure, from one interval, up to the cap', () => {
    const at = 1_000_000;
    const interval = 60_000;
    const wait = (f: number) => retryNotBefore(at, f, interval) - at + Math.min(interval * 0.1, 5000);
    expect(retryNotBefore(at, 0, interval)).toBe(at);
    expect(wait(1)).toBe(60_000);
    expect(wait(2)).toBe(120_000);
    expect(wait(3)).toBe(240_000);
    expect(wait(50)).toBe(MAX_BACKOFF_MS);
  });
});
