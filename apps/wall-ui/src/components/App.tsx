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
  const mapIndicator = chooseMapIndicator(catalogue, current?.domain, props.params.mapIndicator, store.series);
  const tabs = pages
    .filter((p, i) => i === 0 || pages[i - 1].tab !== p.tab)
    .map((p) => ({
      id: p.tab,
      label: p.tab === p.id ? p.label : (catalogue.domains.find((d) => `domain:${d.code}` === p.tab)?.name ?? p.label),
    }));
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

/** Tiles per domain page: what a 1080p wall shows without scrolling; a bigger domain gets several pages. */
export const TILES_PER_PAGE = 20;

interface WallPage extends PageTab {
  /** The header tab the page belongs to (every page of a domain shares one). */
  tab: string;
  domain?: string;
  indicators?: IndicatorInfo[];
}

function pagesOf(catalogue: Catalogue | null, t: ReturnType<typeof useWall>['t']): WallPage[] {
  if (!catalogue) return [];
  const pages: WallPage[] = [];
  for (const d of catalogue.domains) {
    const all = catalogue.byDomain.get(d.code) ?? [];
    const count = Math.ceil(all.length / TILES_PER_PAGE);
    for (let i = 0; i < count; i++) {
      pages.push({
        id: `domain:${d.code}:${i + 1}`,
        tab: `domain:${d.code}`,
        label: count > 1 ? `${d.name} (${i + 1}/${count})` : d.name,
        domain: d.code,
        indicators: all.slice(i * TILES_PER_PAGE, (i + 1) * TILES_PER_PAGE),
      });
    }
  }
  pages.push({ id: 'top', tab: 'top', label: t('topChanges') });
  pages.push({ id: 'reporting', tab: 'reporting', label: t('reporting', { period: '' }).trim() });
  return pages;
}

/** The URL's `map` indicator, else the first of the page's domain with values for the map's areas. */
function chooseMapIndicator(
  catalogue: Catalogue,
  domain: string | undefined,
  asked: string | null,
  series: Map<string, { value: number }>,
): IndicatorInfo | null {
  if (asked && catalogue.indicators.has(asked)) return catalogue.indicators.get(asked)!;
  const areas = catalogue.children.length ? catalogue.children : [catalogue.scope];
  const hasValues = (i: IndicatorInfo) => areas.some((a) => series.has(`${i.code}|${a.code}`));
  const candidates = domain ? (catalogue.byDomain.get(domain) ?? []) : [];
  return (
    candidates.find(hasValues) ??
    catalogue.domains.flatMap((d) => catalogue.byDomain.get(d.code) ?? []).find(hasValues) ??
    null
  );
}
