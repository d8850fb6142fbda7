import type { IndicatorInfo } from '@app/contracts';
import { changeTone } from '../colour-scale.util';
import { useWall } from './wall-context';

const SHOWN = 16;

/** The wall scope's series whose value moved most (in %) since the previous value seen on this page. */
export function TopChangesPage(props: { scope: string; indicators: Map<string, IndicatorInfo> }) {
  const { store, t, fmt } = useWall();
  const rows: { ind: IndicatorInfo; value: number; previous: number; pct: number }[] = [];
  for (const v of store.series.values()) {
    if (v.scope !== props.scope || v.previous === null || v.previous === 0) continue;
    const ind = props.indicators.get(v.indicator);
    if (!ind) continue;
    rows.push({
      ind,
      value: v.value,
      previous: v.previous,
      pct: ((v.value - v.previous) / Math.abs(v.previous)) * 100,
    });
  }
  rows.sort((a, b) => Math.abs(b.pct) - Math.abs(a.pct));
  return (
    <section class="top-page" data-page-kind="top">
      <h2>{t('topChanges')}</h2>
      {rows.length === 0 ? (
        <p class="empty">{t('noData')}</p>
      ) : (
        <table class="top-table">
          <thead>
            <tr>
              <th>{t('indicator')}</th>
              <th class="num">{t('change')}</th>
              <th class="num" />
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map((r) => {
              const tone = changeTone(r.pct, r.ind.direction);
              return (
                <tr key={r.ind.code} data-top={r.ind.code}>
                  <td>{r.ind.name}</td>
                  <td class={`num ${tone > 0 ? 'good' : tone < 0 ? 'bad' : ''}`}>{fmt.change(r.pct)}</td>
                  <td class="num">
                    {fmt.number(r.previous)} → {fmt.number(r.value)} {r.ind.unit}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
