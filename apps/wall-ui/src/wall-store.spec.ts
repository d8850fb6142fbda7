import type { Alert } from '@app/contracts';
import { SNAPSHOT_SLICE, WallStore } from './wall-store';

function store() {
  const frames: (() => void)[] = [];
  const s = new WallStore(
    (cb) => frames.push(cb),
    () => 1000,
  );
  const flush = () => frames.splice(0).forEach((f) => f());
  return { s, frames, flush };
}

const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id,
  ruleId: 'r',
  indicator: 'env.aqi',
  scope: 'D1',
  severity: 'warning',
  state: 'firing',
  value: 1,
  threshold: 0,
  firedAt: Number(id),
  reason: 'x',
  ...over,
});

describe('WallStore', () => {
  it('renders once per frame however many batches came', () => {
    const { s, frames, flush } = store();
    let renders = 0;
    s.subscribe(() => renders++);
    for (let i = 0; i < 50; i++) s.applyPoints([{ indicator: 'a', scope: 'P', ts: i, value: i }]);
    expect(frames).toHaveLength(1);
    flush();
    expect(renders).toBe(1);
    expect(s.series.get('a|P')).toMatchObject({ value: 49, previous: 48, gapMs: 1 });
  });
  it('never goes back to an older point', () => {
    const { s } = store();
    s.applyPoints([{ indicator: 'a', scope: 'P', ts: 10, value: 1 }]);
    s.applyPoints([{ indicator: 'a', scope: 'P', ts: 5, value: 2 }]);
    expect(s.series.get('a|P')!.value).toBe(1);
  });
  it('marks a revision and keeps an unchanged object when nothing changed', () => {
    const { s } = store();
    s.applyPoints([{ indicator: 'a', scope: 'P', ts: 10, value: 1, period: '2026-10' }], true);
    const first = s.series.get('a|P');
    s.applyPoints([{ indicator: 'a', scope: 'P', ts: 10, value: 1 }]);
    expect(s.series.get('a|P')).toBe(first);
    s.applyPoints([{ indicator: 'a', scope: 'P', ts: 10, value: 2, period: '2026-10', revised: true }]);
    expect(s.series.get('a|P')).toMatchObject({ value: 2, revised: true, previous: 1, changedAt: 1000 });
    // Without the flag, a new value for the same ts is a revision too.
    s.applyPoints([{ indicator: 'b', scope: 'P', ts: 10, value: 1 }], true);
    s.applyPoints([{ indicator: 'b', scope: 'P', ts: 10, value: 3 }]);
    expect(s.series.get('b|P')!.revised).toBe(true);
    s.applyPoints([{ indicator: 'b', scope: 'P', ts: 20, value: 3 }]);
    expect(s.series.get('b|P')!.revised).toBe(false);
  });
  it('keeps alerts newest first, drops resolved ones, banners a new critical one only', () => {
    const { s } = store();
    s.mergeAlerts([alert('1'), alert('3', { state: 'acknowledged' }), alert('2', { state: 'resolved' })]);
    expect(s.alerts.map((a) => a.id)).toEqual(['3', '1']);
    s.alertChanged(alert('4', { severity: 'critical' }));
    expect(s.banner?.id).toBe('4');
    expect(s.alerts.map((a) => a.id)).toEqual(['4', '3', '1']);
    s.alertChanged(alert('4', { severity: 'critical', state: 'resolved' }));
    expect(s.banner).toBeNull();
    expect(s.alerts.map((a) => a.id)).toEqual(['3', '1']);
    s.alertChanged(alert('1', { severity: 'critical', state: 'acknowledged' }));
    expect(s.banner).toBeNull();
  });
  it('does not let a late firing copy undo an acknowledgement', () => {
    const { s } = store();
    s.mergeAlerts([alert('1', { state: 'acknowledged' })]);
    s.mergeAlerts([alert('1')]);
    expect(s.alerts[0].state).toBe('acknowledged');
  });

  describe('applySnapshot', () => {
    /** A store whose snapshot slices wait for `next()`; `slices` counts the yields asked for. */
    function sliced() {
      const waiting: (() => void)[] = [];
      const s = new WallStore(
        () => 1,
        () => 1000,
        () => new Promise<void>((r) => waiting.push(r)),
      );
      const next = async () => {
        waiting.shift()?.();
        await new Promise((r) => setTimeout(r, 0));
      };
      return { s, waiting, next };
    }
    const points = (n: number, scope: (i: number) => string, ts = 10) =>
      Array.from({ length: n }, (_, i) => ({ indicator: `i${i}`, scope: scope(i), ts, value: i }));

    it('takes a big snapshot in slices, the wall scope’s points first, and counts it once', async () => {
      const { s, waiting, next } = sliced();
      const n = SNAPSHOT_SLICE * 2 + 10;
      const done = s.applySnapshot(
        points(n, (i) => (i % 3 === 0 ? 'P' : 'D1')),
        (p) => p.scope === 'P',
      );
      // The first slice at once: every P point (a third of them) is in, some districts' too.
      expect(s.series.size).toBe(SNAPSHOT_SLICE);
      expect([...s.series.values()].filter((v) => v.scope === 'P').length).toBe(Math.ceil(n / 3));
      expect(waiting.length).toBe(1);
      await next();
      expect(s.series.size).toBe(SNAPSHOT_SLICE * 2);
      await next();
      await done;
      expect(s.series.size).toBe(n);
      expect(s.stats).toMatchObject({ snapshots: 1, pointsReceived: n, livePoints: 0 });
    });

    it('keeps a live point that came between slices (a later slice never takes a series back)', async () => {
      const { s, next } = sliced();
      const snap = points(SNAPSHOT_SLICE + 1, () => 'P');
      const done = s.applySnapshot(snap);
      const last = snap[SNAPSHOT_SLICE];
      s.applyPoints([{ ...last, ts: 20, value: 99 }]);
      await next();
      await done;
      expect(s.series.get(`${last.indicator}|P`)).toMatchObject({ ts: 20, value: 99 });
    });

    it('stops an older snapshot when a newer one comes (a resync)', async () => {
      const { s, next } = sliced();
      const older = s.applySnapshot(points(SNAPSHOT_SLICE * 2, () => 'OLD'));
      await s.applySnapshot(points(3, () => 'NEW'));
      await next();
      await older;
      expect([...s.series.values()].filter((v) => v.scope === 'OLD').length).toBe(SNAPSHOT_SLICE);
      expect(s.stats.snapshots).toBe(2);
    });

    it('counts an empty snapshot (a resume inside the window) too', async () => {
      const { s } = sliced();
      await s.applySnapshot([]);
      expect(s.stats.snapshots).toBe(1);
    });
  });
});
