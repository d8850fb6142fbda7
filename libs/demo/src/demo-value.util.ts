import type { IndicatorPoint } from '@app/contracts';
import type { DemoIndicator } from './demo-indicator.type';
import { DEMO_DISTRICTS, DEMO_PROVINCE } from './demo-scopes.data';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
const VN_OFFSET_MS = 7 * HOUR_MS;

/** A deterministic pseudo-random number in [-1, 1] for a string key (FNV-1a, then an integer mix). */
export function noise(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

/** Busy by day, quiet by night (Vietnam time): traffic, air pollution, power load. */
function dailyCycle(ts: number): number {
  const hour = ((((ts + VN_OFFSET_MS) % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS;
  return 1 + 0.35 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

function round(kind: DemoIndicator['kind'], base: number, v: number): number {
  switch (kind) {
    case 'count':
      return Math.max(0, Math.round(v));
    case 'amount':
      return Math.max(0, Math.round(v * 100) / 100);
    case 'rate':
      return Math.min(100, Math.max(0, Math.round(v * 10) / 10));
    case 'level':
      return Math.max(0, base < 10 ? Math.round(v * 100) / 100 : Math.round(v * 10) / 10);
  }
}

function districtValue(ind: DemoIndicator, district: { code: string; size: number }, ts: number): number {
  const additive = ind.kind === 'count' || ind.kind === 'amount';
  const level = additive ? ind.base * district.size : ind.base * (1 + 0.08 * noise(`${ind.code}|${district.code}`));
  const cadenceMs = ind.cadence === 'second' ? 1000 : 60_000;
  const shape =
    ind.cadence === 'second' ? dailyCycle(ts) : 1 + 0.04 * Math.sin((2 * Math.PI * ts) / WEEK_MS + 3 * noise(ind.code));
  const jitter = 1 + ind.spread * noise(`${ind.code}|${district.code}|${Math.floor(ts / cadenceMs)}`);
  return episode(ind, district.code, ts, round(ind.kind, ind.base, level * shape * jitter));
}

/**
 * Episodes that make the demo's alert rules fire and resolve within minutes of `npm start`: in each
 * window, one district (picked by the window's number) has an air-pollution spike, or a burst of
 * hotline complaints, for a while.
 */
const EPISODES: Record<
  string,
  { windowMs: number; from: number; to: number; apply: (v: number, key: string) => number }
> = {
  // Every 6 minutes, one district's AQI goes to 158-182 for 2 minutes (an AQI rule at 150 fires, then resolves).
  'environment.aqi': {
    windowMs: 360_000,
    from: 60_000,
    to: 180_000,
    apply: (_v, key) => Math.round((170 + 12 * noise(key)) * 10) / 10,
  },
  // Every 10 minutes, one district gets 1.9 times its usual complaints for one minute (a change of more than 50 %).
  'hotline.complaints_received': { windowMs: 600_000, from: 240_000, to: 300_000, apply: (v) => Math.round(v * 1.9) },
};

function episode(ind: DemoIndicator, districtCode: string, ts: number, v: number): number {
  const e = EPISODES[ind.code];
  if (!e) return v;
  const window = Math.floor(ts / e.windowMs);
  const at = ts - window * e.windowMs;
  if (at < e.from || at >= e.to) return v;
  const chosen =
    DEMO_DISTRICTS[
      Math.floor(((noise(`${ind.code}|episode|${window}`) + 1) / 2) * DEMO_DISTRICTS.length) % DEMO_DISTRICTS.length
    ];
  return chosen.code === districtCode ? e.apply(v, `${ind.code}|${districtCode}|${Math.floor(ts / 1000)}`) : v;
}

/**
 * The demo value of an indicator in a scope at a time: a pure function, so a retried tick writes the
 * same values. The province is the sum (counts, amounts) or the mean (rates, levels) of its districts.
 */
export function demoValue(ind: DemoIndicator, scope: string, ts: number): number {
  if (scope === DEMO_PROVINCE) {
    const values = DEMO_DISTRICTS.map((d) => districtValue(ind, d, ts));
    const sum = values.reduce((a, b) => a + b, 0);
    return ind.kind === 'count' || ind.kind === 'amount'
      ? round(ind.kind, ind.base, sum)
      : round(ind.kind, ind.base, sum / values.length);
  }
  const district = DEMO_DISTRICTS.find((d) => d.code === scope);
  return district ? districtValue(ind, district, ts) : NaN;
}

/** Every point of one tick: the indicators of a cadence, in every demo scope, at `ts`. */
export function demoPoints(indicators: readonly DemoIndicator[], ts: number): IndicatorPoint[] {
  const scopes = [DEMO_PROVINCE, ...DEMO_DISTRICTS.map((d) => d.code)];
  const points: IndicatorPoint[] = [];
  for (const ind of indicators)
    for (const scope of scopes) points.push({ indicator: ind.code, scope, ts, value: demoValue(ind, scope, ts) });
  return points;
}
