import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { IndicatorInfo } from '@app/contracts';
import { softBeep } from '../beep';
import type { WallParams } from '../wall-params.util';
import type { Catalogue } from '../wall-store';
import { AlertsPanel } from './AlertsPanel';
import { DomainPage } from './DomainPage';
import { Header, type PageTab } from './Header';
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

  // A new critical alert: banner and a soft sound, once.
  const bannerId = store.banner?.id;
  useEffect(() => {
    if (bannerId) softBeep();
  }, [bannerId]);

  // Time to first values, for a benchmark (window.__wallStats).
  const seen = useRef(false);
  useEffect(() => {
    if (seen.current || store.series.size === 0) return;
    seen.current = true;
    store.stats.firstValuesMs = Math.round(performance.now());
    document.body.dataset.firstValues = String(store.stats.firstValuesMs);
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
  const mapIndicator = chooseMapIndicator(catalogue, current?.id, props.params.mapIndicator, store.series);
  return (
    <div class="wall" data-scope={scope} data-lang={fmt.lang}>
      <Header title={catalogue.scope.name} feed={store.feed} pages={pages} page={page} onPage={setPage} />
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
          ) : current ? (
            <DomainPage
              name={current.label}
              indicators={catalogue.byDomain.get(current.id.slice('domain:'.length)) ?? []}
              scope={scope}
              minute={minute}
            />
          ) : (
            <p class="empty">{t('noData')}</p>
          )}
        </div>
      </main>
    </div>
  );
}

function pagesOf(catalogue: Catalogue | null, t: ReturnType<typeof useWall>['t']): PageTab[] {
  if (!catalogue) return [];
  return [
    ...catalogue.domains.map((d) => ({ id: `domain:${d.code}`, label: d.name })),
    { id: 'top', label: t('topChanges') },
    { id: 'reporting', label: t('reporting', { period: '' }).trim() },
  ];
}

/** The URL's `map` indicator, else the first of the page's domain with values for the map's areas. */
function chooseMapIndicator(
  catalogue: Catalogue,
  pageId: string | undefined,
  asked: string | null,
  series: Map<string, { value: number }>,
): IndicatorInfo | null {
  if (asked && catalogue.indicators.has(asked)) return catalogue.indicators.get(asked)!;
  const areas = catalogue.children.length ? catalogue.children : [catalogue.scope];
  const hasValues = (i: IndicatorInfo) => areas.some((a) => series.has(`${i.code}|${a.code}`));
  const domain = pageId?.startsWith('domain:') ? pageId.slice('domain:'.length) : null;
  const candidates = domain ? (catalogue.byDomain.get(domain) ?? []) : [];
  return (
    candidates.find(hasValues) ??
    catalogue.domains.flatMap((d) => catalogue.byDomain.get(d.code) ?? []).find(hasValues) ??
    null
  );
}
