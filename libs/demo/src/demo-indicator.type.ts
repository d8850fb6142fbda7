import type { IndicatorInfo } from '@app/contracts';
import type { DemoPeriodSpec } from './demo-statistics.data';

/**
 * How a demo value behaves: `count` integers and `amount` money are summed over districts for the
 * province; `rate` (0–100 %) and `level` (AQI, speed, load...) are averaged.
 */
export type ValueKind = 'count' | 'amount' | 'rate' | 'level';

/** A demo indicator: its catalogue entry plus what the simulator needs. */
export interface DemoIndicator extends IndicatorInfo {
  kind: ValueKind;
  /** Typical value of an average district. */
  base: number;
  /** Relative spread of the noise (0.05 = ±5 %). */
  spread: number;
  /** `second`: fed every second with a daily cycle; `minute`: fed every minute, slow trend. */
  cadence: 'second' | 'minute';
  /** For a period indicator (reported per month, quarter or year, never simulated): how its history looks. */
  stats?: DemoPeriodSpec;
}

/** A template row: [key, name, unit, kind, base, direction?, cadence?] */
export type Template = [
  key: string,
  name: string,
  unit: string,
  kind: ValueKind,
  base: number,
  direction?: 'up' | 'down' | null,
  cadence?: 'second' | 'minute',
];
