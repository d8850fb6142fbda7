import type { AppConfig } from '@app/config';
import type { RedisConnections } from '@app/redis';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AlertStateStore, type Evaluation, RECORDING_GRACE_MS } from './alert-state.store';

describe('AlertStateStore on real Redis', () => {
  const redis = new Redis('redis://127.0.0.1:6379/4');
  const prefix = `alunit${randomBytes(4).toString('hex')}`;
  const store = new AlertStateStore(
    { command: redis } as unknown as RedisConnections,
    {
      redisPrefix: prefix,
      alertRefireSeconds: 60,
    } as AppConfig,
  );
  const series = { indicator: 'env.aqi', scope: 'D1' };
  const ev = (signal: Evaluation['signal'], value = 1, forMs = 0, ruleId = 'r1'): Evaluation => ({
    ruleId,
    series,
    signal,
    value,
    threshold: 100,
    forMs,
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('fires once, hands an unrecorded transition back only after the grace, resolves once, guards refiring', async () => {
    const t0 = 1_000_000;
    const [fired] = await store.evaluate([ev('breach', 150)], t0);
    expect(fired).toMatchObject({ kind: 'fired', firedAt: t0, value: 150, threshold: 100, replay: false });
    // The same breach evaluated again at once (another worker, a retried job): nothing.
    expect(await store.evaluate([ev('breach', 160), ev('clear', 10)], t0 + 1)).toEqual([]);
    // Not recorded after the grace: handed back, the same alert.
    const [again] = await store.evaluate([ev('breach', 160)], t0 + RECORDING_GRACE_MS);
    expect(again).toMatchObject({ kind: 'fired', alertId: fired.alertId, replay: true });
    expect(await store.unrecordedKeys(t0 + RECORDING_GRACE_MS)).toEqual([store.key('r1', series)]);
    await store.markRecorded(fired);
    expect(await store.unrecordedKeys(t0 + RECORDING_GRACE_MS)).toEqual([]);
    expect(await store.evaluate([ev('breach', 170), ev('hold', 170)], t0 + 6000)).toEqual([]);
    // Acknowledged, then resolved once.
    expect(await store.acknowledge('r1', series, 'someone-else')).toBe('not-firing');
    expect(await store.acknowledge('r1', series, fired.alertId)).toBe('acknowledged');
    expect(await store.acknowledge('r1', series, fired.alertId)).toBe('already');
    const [resolved] = await store.evaluate([ev('clear', 5), ev('clear', 4)], t0 + 7000);
    expect(resolved).toMatchObject({ kind: 'resolved', alertId: fired.alertId, value: 5, firedAt: t0 });
    await store.markRecorded(resolved);
    // Within the refire interval (60 s) a breach waits, pending, then fires at its time.
    expect(await store.evaluate([ev('breach', 200)], t0 + 8000)).toEqual([]);
    expect(await store.dueKeys(t0 + 66_999)).toEqual([]);
    expect(await store.dueKeys(t0 + 67_000)).toEqual([store.key('r1', series)]);
    expect(await store.evaluate([ev('due')], t0 + 30_000)).toEqual([]);
    const [refired] = await store.evaluate([ev('due')], t0 + 67_000);
    expect(refired).toMatchObject({ kind: 'fired', value: 200, replay: false });
    expect(refired.alertId).not.toBe(fired.alertId);
  });

  it('forSeconds: pending until due; a value back inside cancels it', async () => {
    const t0 = 5_000_000;
    expect(await store.evaluate([ev('breach', 150, 2000, 'r2')], t0)).toEqual([]);
    expect(await store.evaluate([ev('hold', 95, 2000, 'r2')], t0 + 500)).toEqual([]);
    // Cancelled: the due time passes with nothing.
    expect(await store.evaluate([ev('due', 0, 2000, 'r2')], t0 + 2500)).toEqual([]);
    expect(await store.evaluate([ev('breach', 150, 2000, 'r2')], t0 + 3000)).toEqual([]);
    const [t] = await store.evaluate([ev('breach', 151, 2000, 'r2')], t0 + 5000);
    expect(t).toMatchObject({ kind: 'fired', value: 151, firedAt: t0 + 5000 });
  });

  it('keeps the period a breach speaks of: on firing, on a pending breach fired by the sweep, on replay and resolve', async () => {
    const t0 = 9_000_000;
    const withPeriod = (e: Evaluation, period: string): Evaluation => ({ ...e, period });
    const [fired] = await store.evaluate([withPeriod(ev('breach', 52, 0, 'r3'), '2026-10')], t0);
    expect(fired).toMatchObject({ kind: 'fired', value: 52, period: '2026-10' });
    const [replayed] = await store.evaluate([ev('hold', 1, 0, 'r3')], t0 + RECORDING_GRACE_MS);
    expect(replayed).toMatchObject({ kind: 'fired', replay: true, period: '2026-10' });
    await store.markRecorded(fired);
    const [resolved] = await store.evaluate([ev('clear', 7, 0, 'r3')], t0 + 6000);
    expect(resolved).toMatchObject({ kind: 'resolved', period: '2026-10' });
    // Pending (forSeconds), then fired by the sweep's `due`: the period of the breach, not of the due call.
    expect(await store.evaluate([withPeriod(ev('breach', 60, 1000, 'r4'), '2026-Q3')], t0)).toEqual([]);
    const [due] = await store.evaluate([ev('due', 0, 1000, 'r4')], t0 + 1000);
    expect(due).toMatchObject({ kind: 'fired', value: 60, period: '2026-Q3' });
    // Conditions without a period have none.
    const [plain] = await store.evaluate([ev('breach', 150, 0, 'r5')], t0);
    expect(plain.period).toBeUndefined();
  });
});
