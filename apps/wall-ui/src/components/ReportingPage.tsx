import { memo } from 'preact/compat';
import type { IndicatorInfo, ReportingAnswer, ReportStatus } from '@app/contracts';
import type { WallScope } from '../wall-store';
import { useWall } from './wall-context';

const STATUSES: ReportStatus[] = ['on_time', 'late', 'missing', 'not_due'];
const LISTED = 40;

/** The reporting table of the current month: per unit how many reports came on time, late, not yet. */
export const ReportingPage = memo(function ReportingPage(props: {
  answer: ReportingAnswer | null;
  scopes: Map<string, WallScope>;
  indicators: Map<string, IndicatorInfo>;
}) {
  const { t, fmt } = useWall();
  const answer = props.answer;
  const counts = new Map<string, Record<ReportStatus, number>>();
  for (const row of answer?.rows ?? []) {
    const c = counts.get(row.scope) ?? { on_time: 0, late: 0, missing: 0, not_due: 0 };
    c[row.status]++;
    counts.set(row.scope, c);
  }
  const behind = (answer?.rows ?? []).filter((r) => r.status === 'late' || r.status === 'missing');
  return (
    <section class="reporting-page" data-page-kind="reporting">
      <h2>{t('reporting', { period: answer?.period ?? '' })}</h2>
      {!answer || answer.rows.length === 0 ? (
        <p class="empty">{t('noReporting')}</p>
      ) : (
        <div class="reporting-grid">
          <table id="reporting" class="reporting-table">
            <thead>
              <tr>
                <th>{t('scope')}</th>
                {STATUSES.map((s) => (
                  <th key={s} class={`num st-${s}`}>
                    {t(`status_${s}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...counts.entries()].map(([scope, c]) => (
                <tr key={scope} data-reporting-scope={scope}>
                  <td>{props.scopes.get(scope)?.name ?? scope}</td>
                  {STATUSES.map((s) => (
                    <td key={s} class={`num st-${s}`} data-status={s}>
                      {c[s]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {behind.length > 0 && (
            <div class="behind">
              <h3>{t('lateList')}</h3>
              <ul>
                {behind.slice(0, LISTED).map((r) => (
                  <li key={`${r.indicator}|${r.scope}`} class={`st-${r.status}`}>
                    <span class="st">{t(`status_${r.status}`)}</span>{' '}
                    {props.indicators.get(r.indicator)?.name ?? r.indicator} ·{' '}
                    {props.scopes.get(r.scope)?.name ?? r.scope} · {r.period} ({fmt.dateTime(r.dueAt)})
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
});
