import type { Alert } from '@app/contracts';
import { WallStore } from './wall-store';

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
});
