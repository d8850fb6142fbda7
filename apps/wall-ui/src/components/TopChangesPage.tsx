import type { IndicatorInfo } from '@app/contracts';
import { changeTone } from '../colour-scale.util';
import { topChanges } from '../top-changes.util';
import { useWall } from './wall-context';

const SHOWN = 16;

/** The wall scope's series whose value moved most (in %) since the previous value seen on this page. */
export function TopChangesPage(props: { scope: string; indicators: Map<string, IndicatorInfo> }) {
  const { store, t, fmt } = useWall();
  const rows = topChanges(store.series.values(), props.scope, props.indicators, SHOWN);
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
            {rows.map((r) => {
              const tone = changeTone(r.pct, r.indicator.direction);
              return (
                <tr key={r.indicator.code} data-top={r.indicator.code}>
                  <td>{r.indicator.name}</td>
                  <td class={`num ${tone > 0 ? 'good' : tone < 0 ? 'bad' : ''}`}>{fmt.change(r.pct)}</td>
                  <td class="num">
                    {fmt.number(r.previous)} → {fmt.number(r.value)} {r.indicator.unit}
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
