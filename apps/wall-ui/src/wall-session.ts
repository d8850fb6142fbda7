import { IocApi, IocApiError, LiveFeed } from '@app/client';
import type { IndicatorInfo } from '@app/contracts';
import { periodOf } from './period.util';
import { RequestPool } from './request-pool';
import { SeriesHistory } from './series-history';
import type { WallParams } from './wall-params.util';
import type { Catalogue, WallScope, WallStore } from './wall-store';

/** The reporting table is read again this often. */
const REPORTING_REFRESH_MS = 5 * 60_000;

export interface WallSession {
  api: IocApi;
  history: SeriesHistory;
  stop(): Promise<void>;
}

/**
 * Starts the wall for a key: reads the catalogue, picks the scope, follows the live feed (the client
 * library's LiveFeed: resume with a cursor, connection states), and loads the alerts and the reporting
 * table. Everything lands in the store; nothing here draws.
 */
export function startWall(params: WallParams, key: string, store: WallStore): WallSession {
  const base = location.origin;
  const api = new IocApi({ url: base, key, lang: params.lang });
  const pool = new RequestPool(6);
  const history = new SeriesHistory(api, pool, () => store.changed());
  store.onPoints((points) => history.append(points));
  let feed: LiveFeed | null = null;
  let feedScope: string | null = null;
  let reportingTimer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;

  /** Follows `scope` live; a feed replaced by another is no longer heard. */
  const follow = (scope: string, speculative: boolean) => {
    const mine: LiveFeed = new LiveFeed({
      url: base,
      key,
      lang: params.lang,
      subscription: params.domains.length ? { scopes: [scope], domains: params.domains } : { scopes: [scope] },
      onSnapshot: (points, info) => {
        if (feed !== mine) return;
        store.applyPoints(points, true);
        store.mergeAlerts(info.alerts);
      },
      onValues: (points) => {
        if (feed === mine) store.applyPoints(points);
      },
      onAlert: (alert) => {
        if (feed === mine) store.alertChanged(alert);
      },
      onState: (state) => {
        if (feed !== mine) return;
        if (state.state === 'closed' && /^(unauthorized|forbidden)$/.test(state.reason)) {
          store.setLoad({ kind: 'needKey', message: state.reason });
        }
        // A scope taken from the URL before the catalogue said whether the key may see it: a refusal
        // is not news (the catalogue picks the key's own scope and a new feed follows it).
        if (speculative && state.state === 'closed' && /^subscribe refused/.test(state.reason)) return;
        store.setFeed(state);
      },
    });
    feed = mine;
    feedScope = scope;
    mine.start();
  };

  const run = async () => {
    store.setLoad({ kind: 'loading' });
    // The snapshot is on its way while the catalogue loads: first values sooner.
    if (params.scope) follow(params.scope, true);
    let catalogue: Catalogue;
    try {
      const [domains, indicators, scopes] = await Promise.all([
        api.domains(),
        api.indicators(),
        api.scopes(['shape']) as Promise<WallScope[]>,
      ]);
      catalogue = buildCatalogue(domains, indicators, scopes, params);
    } catch (err) {
      if (err instanceof IocApiError && err.statusCode === 401)
        store.setLoad({ kind: 'needKey', message: 'unauthorized' });
      else store.setLoad({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (stopped) return;
    store.setCatalogue(catalogue);
    const scope = catalogue.scope.code;
    if (feedScope !== scope) {
      const refused = feed;
      feed = null;
      void refused?.stop();
      follow(scope, false);
    }
    // The ack lists the alarms that match the subscription; the REST list adds acknowledged ones beyond
    // its filters (and serves servers before v1.1). Both survive a reload.
    api
      .alerts({ state: ['firing', 'acknowledged'], scope, limit: 200 })
      .then((alerts) => store.mergeAlerts(alerts))
      .catch(() => undefined);
    const loadReporting = () =>
      api
        .reporting({ period: periodOf('month', Date.now()), scope })
        .then((answer) => store.setReporting(answer))
        .catch(() => undefined);
    void loadReporting();
    reportingTimer = setInterval(loadReporting, REPORTING_REFRESH_MS);
  };
  void run();

  return {
    api,
    history,
    stop: async () => {
      stopped = true;
      if (reportingTimer) clearInterval(reportingTimer);
      await feed?.stop();
    },
  };
}

/** The catalogue as the wall uses it; the scope is the one asked for if the key may see it, else its root. */
export function buildCatalogue(
  domains: Catalogue['domains'],
  indicators: IndicatorInfo[],
  scopes: WallScope[],
  params: Pick<WallParams, 'scope' | 'domains'>,
): Catalogue {
  const scopeMap = new Map(scopes.map((s) => [s.code, s]));
  const root = scopes.find((s) => !s.parent || !scopeMap.has(s.parent));
  const asked = params.scope ? scopeMap.get(params.scope) : undefined;
  const scope = asked ?? root;
  if (!scope) throw new Error('this key sees no scope');
  const byDomain = new Map<string, IndicatorInfo[]>();
  for (const i of indicators) {
    const list = byDomain.get(i.domain) ?? [];
    list.push(i);
    byDomain.set(i.domain, list);
  }
  const wanted = params.domains.length ? params.domains : domains.map((d) => d.code);
  const shown = wanted
    .map((code) => domains.find((d) => d.code === code))
    .filter((d): d is Catalogue['domains'][number] => !!d && byDomain.has(d.code));
  return {
    domains: shown,
    indicators: new Map(indicators.map((i) => [i.code, i])),
    byDomain,
    scopes: scopeMap,
    scope,
    children: scopes.filter((s) => s.parent === scope.code),
    refusedScope: params.scope && !asked ? params.scope : null,
  };
}
