import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { IocApiError } from '@app/client';
import type { Alert } from '@app/contracts';
import type { WallScope } from '../wall-store';
import { useWall } from './wall-context';

/**
 * Alerts firing or acknowledged, newest first, severity-coloured, with the reason; acknowledge with a
 * note. Memoised: the store replaces its alert list only when an alert changes.
 */
export const AlertsPanel = memo(function AlertsPanel(props: { alerts: Alert[]; scopes: Map<string, WallScope> }) {
  const { t } = useWall();
  return (
    <section class="alerts-panel">
      <h2>
        {t('alerts')} <span class="count">{props.alerts.filter((a) => a.state === 'firing').length}</span>
      </h2>
      {props.alerts.length === 0 ? (
        <p class="empty">{t('noAlerts')}</p>
      ) : (
        <ul id="alerts">
          {props.alerts.slice(0, 50).map((a) => (
            <AlertItem key={a.id} alert={a} scopeName={props.scopes.get(a.scope)?.name ?? a.scope} />
          ))}
        </ul>
      )}
    </section>
  );
});

function AlertItem({ alert, scopeName }: { alert: Alert; scopeName: string }) {
  const { t, fmt, store, session } = useWall();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      store.alertChanged(await session.api.ack(alert.id, note.trim() || undefined));
      setOpen(false);
    } catch (err) {
      setError(
        err instanceof IocApiError && err.statusCode === 403
          ? t('ackRefused')
          : t('ackFailed', { reason: err instanceof Error ? err.message : String(err) }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <li
      class={`alert sev-${alert.severity} state-${alert.state}`}
      data-alert-id={alert.id}
      data-scope={alert.scope}
      data-state={alert.state}
    >
      <div class="alert-head">
        <span class="sev">{t(`severity_${alert.severity}`)}</span>
        <span class="where">{scopeName}</span>
        <span class="when">{fmt.dateTime(alert.firedAt)}</span>
      </div>
      <div class="reason">{alert.reason}</div>
      {alert.state === 'acknowledged' ? (
        <div class="acked">
          {t('acked', { by: alert.acknowledgedBy ?? '' })}
          {alert.note ? `: ${alert.note}` : ''}
        </div>
      ) : open ? (
        <form
          class="ack-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <input
            class="ack-note"
            placeholder={t('ackNote')}
            value={note}
            maxLength={500}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
          <button type="submit" class="ack-send" disabled={busy}>
            {t('ackSend')}
          </button>
          <button type="button" class="ack-cancel" onClick={() => setOpen(false)}>
            {t('cancel')}
          </button>
        </form>
      ) : (
        <button type="button" class="ack" onClick={() => setOpen(true)}>
          {t('ack')}
        </button>
      )}
      {error && (
        <p class="ack-error error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
