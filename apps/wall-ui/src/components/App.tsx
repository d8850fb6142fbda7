import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { prepareSound, softBeep } from '../beep';
import type { WallParams } from '../wall-params.util';
import { AlertsPanel } from './AlertsPanel';
import { DomainPage } from './DomainPage';
import { chooseMapIndicator, pagesOf, tabsOf } from '../wall-pages.util';
import { Header } from './Header';
import { MapPanel } from './MapPanel';
import { ReportingPage } from './ReportingPage';
import { TopChangesPage } from './TopChangesPage';
import { useWall } from './wall-context';

/** The whole screen: header; the map and the alerts on the left; the page on show on the right. */
export function App(props: { params: WallParams }) {
  const { store, t, fmt } = useWall();
  const [, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion(store.version)), [store]);
  const [page, setPage] = useState(0);
  const [minute, setMinute] = useState(Math.floor(Date.now() / 60_000));
  useEffect(() => {
    const timer = setInterval(() => setMinute(Math.floor(Date.now() / 60_000)), 15_000);
    return () => clearInterval(timer);
  }, []);

  const catalogue = store.catalogue;
  const pages = useMemo(() => pagesOf(catalogue, t), [catalogue, t]);
  useEffect(() => {
    if (!props.params.rotateSeconds || pages.length < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages.length), props.params.rotateSeconds * 1000);
    return () => clearInterval(timer);
  }, [props.params.rotateSeconds, pages.length]);

  // ← and → step through the pages (an operator at the wall's keyboard).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || pages.length === 0) return;
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (step) setPage((p) => (p + step + pages.length) % pages.length);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [pages.length]);

  // A new critical alert: banner and a soft sound, once.
  const bannerId = store.banner?.id;
  useEffect(() => {
    if (bannerId && props.params.sound) softBeep();
  }, [bannerId]);

  // Time to first values, for a benchmark (window.__wallStats).
  const seen = useRef(false);
  useEffect(() => {
    if (seen.current || store.series.size === 0) return;
    seen.current = true;
    store.stats.firstValuesMs = Math.round(performance.now());
    document.body.dataset.firstValues = String(store.stats.firstValuesMs);
    if (props.params.sound) prepareSound();
  });

  if (!catalogue) {
    return (
      <div class="loading">
        <p class={store.load.kind === 'failed' ? 'error' : ''}>
          {store.load.kind === 'failed' ? t('loadFailed', { reason: store.load.message }) : t('loading')}
        </p>
      </div>
    );
  }
  const current = pages[Math.min(page, pages.length - 1)];
  const scope = catalogue.scope.code;
  const mapIndicator = chooseMapIndicator(catalogue, current?.domain, props.params.mapIndicator, store.series);
  const tabs = tabsOf(pages);
  const goTab = (tab: string) =>
    setPage(
      Math.max(
        0,
        pages.findIndex((p) => p.tab === tab),
      ),
    );
  return (
    <div class="wall" data-scope={scope} data-lang={fmt.lang}>
      <Header
        title={catalogue.scope.name}
        feed={store.feed}
        tabs={tabs}
        current={current?.tab ?? ''}
        pageText={t('page', { n: Math.min(page, pages.length - 1) + 1, of: pages.length })}
        onTab={goTab}
        onStep={(step) => setPage((p) => (p + step + pages.length) % pages.length)}
      />
      {store.banner && (
        <div id="banner" class="banner" role="alert" onClick={() => store.dismissBanner()}>
          <strong>{t('newCritical')}:</strong> {store.banner.reason}
        </div>
      )}
      {catalogue.refusedScope && (
        <p class="note">{t('notVisible', { scope: catalogue.refusedScope, name: catalogue.scope.name })}</p>
      )}
      <main>
        <aside class="side">
          <MapPanel
            self={catalogue.scope}
            children={catalogue.children}
            scopes={catalogue.scopes}
            indicator={mapIndicator}
            alerts={store.alerts}
          />
          <AlertsPanel alerts={store.alerts} scopes={catalogue.scopes} />
        </aside>
        <div class="page" data-page={current?.id}>
          {current?.id === 'top' ? (
            <TopChangesPage scope={scope} indicators={catalogue.indicators} />
          ) : current?.id === 'reporting' ? (
            <ReportingPage answer={store.reporting} scopes={catalogue.scopes} indicators={catalogue.indicators} />
          ) : current?.indicators ? (
            <DomainPage name={current.label} indicators={current.indicators} scope={scope} minute={minute} />
          ) : (
            <p class="empty">{t('noData')}</p>
          )}
        </div>
      </main>
    </div>
  );
}
