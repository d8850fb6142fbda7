import type { IocApi } from '@app/client';
import type { IndicatorInfo } from '@app/contracts';
import { RequestPool } from './request-pool';
import { MAX_SPARK_POINTS, SeriesHistory } from './series-history';

const monthly = { code: 'm', period: 'month' } as IndicatorInfo;
const stream = { code: 's', period: 'none' } as IndicatorInfo;
const SEPT = Date.parse('2026-09-01T00:00:00+07:00');
const NOW = Date.parse('2026-12-02T10:00:00+07:00');

function setup() {
  const asked: string[] = [];
  const api = {
    summary: async (indicator: string, scope: string, period: string) => {
      asked.push(`summary ${indicator} ${scope} ${period}`);
      return { period, value: 1 };
    },
    range: async () => ({ points: Array.from({ length: 400 }, (_, i) => ({ ts: i * 1000, value: i })) }),
    periods: async (_: string, scope: string) => {
      if (scope === 'X') throw new Error('403 forbidden');
      return {
        points: [
          { ts: 1000, value: 1, revised: false },
          { ts: 2000, value: 2, revised: true },
        ],
      };
    },
  } as unknown as IocApi;
  let now = NOW;
  let changes = 0;
  const history = new SeriesHistory(
    api,
    new RequestPool(2),
    () => changes++,
    () => now,
  );
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { history, asked, settle, advance: (ms: number) => (now += ms), changes: () => changes };
}

describe('SeriesHistory', () => {
  it('asks for the summary of the latest value’s period, again at once when the period changes', async () => {
    const { history, asked, settle } = setup();
    expect(history.summary(monthly, 'D1', null, null)).toBeNull();
    await settle();
    history.summary(monthly, 'D1', SEPT, 125);
    await settle();
    expect(asked).toEqual(['summary m D1 2026-12', 'summary m D1 2026-09']);
    expect(history.summary(monthly, 'D1', SEPT, 125)).toMatchObject({ period: '2026-09' });
    expect(history.summary(stream, 'D1', SEPT, 1)).toBeNull();
  });
  it('asks again for a new value of the same period only after a while', async () => {
    const { history, asked, settle, advance } = setup();
    history.summary(monthly, 'D1', SEPT, 125);
    await settle();
    history.summary(monthly, 'D1', SEPT, 130);
    await settle();
    expect(asked).toHaveLength(1);
    advance(16_000);
    history.summary(monthly, 'D1', SEPT, 130);
    await settle();
    expect(asked).toHaveLength(2);
  });
  it('keeps a bounded sparkline, appends live points in order, and leaves a failed one empty', async () => {
    const { history, settle } = setup();
    expect(history.sparkline(stream, 'P')).toBeNull();
    expect(history.sparkline(monthly, 'P')).toBeNull();
    expect(history.sparkline(monthly, 'X')).toBeNull();
    await settle();
    await settle();
    const spark = history.sparkline(stream, 'P')!;
    expect(spark.xs).toHaveLength(MAX_SPARK_POINTS);
    history.append([
      { indicator: 's', scope: 'P', ts: 500_000, value: 9 },
      { indicator: 's', scope: 'P', ts: 1000, value: -1 }, // older than the last: ignored
    ]);
    expect(spark.xs.at(-1)).toBe(500);
    expect(spark.ys.at(-1)).toBe(9);
    expect(spark.xs).toHaveLength(MAX_SPARK_POINTS);
    expect(history.sparkline(monthly, 'X')).toBeNull();
    expect(history.sparkline(monthly, 'P')).toMatchObject({ xs: [1, 2], ys: [1, 2], revised: new Set([2000]) });
  });
});
