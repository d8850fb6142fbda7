import type { Alert, DomainInfo, IndicatorInfo, LivePoint, ReportingAnswer, ScopeInfo } from '@app/contracts';
import type { FeedState } from '@app/client';

export type { LivePoint };

/** A scope as `GET /api/v1/scopes?include=shape` lists it: maybe with an outline and a tile position. */
export type WallScope = ScopeInfo;

/** The latest value of one series and what the wall shows about its last change. */
export interface SeriesView {
  indicator: string;
  scope: string;
  ts: number;
  value: number;
  /** The value before the last change (null until it changed while the page was open). */
  previous: number | null;
  /** When the value last changed on this page (performance-free epoch ms), for the flash. */
  changedAt: number;
  revised: boolean;
  period?: string;
  /** The time between the last two points (a stream's usual gap), for staleness. */
  gapMs: number | null;
}

export interface Catalogue {
  domains: DomainInfo[];
  indicators: Map<string, IndicatorInfo>;
  /** Indicators of each domain, in catalogue order. */
  byDomain: Map<string, IndicatorInfo[]>;
  scopes: Map<string, WallScope>;
  /** The scope the wall shows, and its direct children (the map's districts or communes). */
  scope: WallScope;
  children: WallScope[];
  /** The scope asked for in the URL when the key may not see it (the wall shows its own instead). */
  refusedScope: string | null;
}

export type LoadState =
  { kind: 'loading' } | { kind: 'ready' } | { kind: 'needKey'; message: string } | { kind: 'failed'; message: string };

/** The wall's state. Changes are collected and told to the view once per animation frame. */
export class WallStore {
  readonly series = new Map<string, SeriesView>();
  /** Alerts firing or acknowledged, newest first. */
  alerts: Alert[] = [];
  /** A new critical alert to put in the banner. */
  banner: Alert | null = null;
  feed: FeedState = { state: 'connecting' };
  load: LoadState = { kind: 'loading' };
  catalogue: Catalogue | null = null;
  reporting: ReportingAnswer | null = null;
  /** Bumped once per frame in which anything changed. */
  version = 0;
  /** What a benchmark reads (window.__wallStats). */
  readonly stats = {
    /** Points from snapshots and live `values`. */
    pointsReceived: 0,
    /** Points from live `values` only (a resume's missed points included). */
    livePoints: 0,
    /** Snapshots taken: 1 on start, one more for every resync (a resume that could not continue). */
    snapshots: 0,
    frames: 0,
    firstValuesMs: null as number | null,
  };

  private frame = 0;
  private readonly listeners = new Set<() => void>();
  private readonly pointListeners = new Set<(points: LivePoint[]) => void>();

  constructor(
    private readonly requestFrame: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls `listener` after each frame with changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every batch of live points, as it comes (the sparklines append them). */
  onPoints(listener: (points: LivePoint[]) => void): () => void {
    this.pointListeners.add(listener);
    return () => this.pointListeners.delete(listener);
  }

  /** New points: each series keeps its newest (a late point never replaces a newer one). */
  applyPoints(points: LivePoint[], fromSnapshot = false): void {
    const now = this.now();
    for (const p of points) {
      const id = `${p.indicator}|${p.scope}`;
      const old = this.series.get(id);
      if (old && p.ts < old.ts) continue;
      if (old && p.ts === old.ts && p.value === old.value && !p.revised) continue;
      const changed = !!old && old.value !== p.value;
      this.series.set(id, {
        indicator: p.indicator,
        scope: p.scope,
        ts: p.ts,
        value: p.value,
        previous: changed ? old.value : (old?.previous ?? null),
        changedAt: changed && !fromSnapshot ? now : (old?.changedAt ?? 0),
        // A new value for the same ts is a revision (a period reported again); live points of period
        // indicators also say so themselves.
        revised: p.revised ?? (old && old.ts === p.ts ? old.revised || old.value !== p.value : false),
        period: p.period ?? old?.period,
        gapMs: old && p.ts > old.ts ? p.ts - old.ts : (old?.gapMs ?? null),
      });
    }
    this.stats.pointsReceived += points.length;
    if (fromSnapshot) this.stats.snapshots++;
    else {
      this.stats.livePoints += points.length;
      for (const l of this.pointListeners) l(points);
    }
    this.changed();
  }

  /** The alerts known at start (subscribe ack, `GET /alerts`): kept, newest first, resolved ones left out. */
  mergeAlerts(alerts: Alert[]): void {
    const byId = new Map(this.alerts.map((a) => [a.id, a]));
    for (const a of alerts) {
      const known = byId.get(a.id);
      if (!known || stateRank(a) >= stateRank(known)) byId.set(a.id, a);
    }
    this.alerts = sortAlerts([...byId.values()].filter((a) => a.state !== 'resolved'));
    this.changed();
  }

  /** A live alert change; a new critical alert goes to the banner. */
  alertChanged(alert: Alert): void {
    const known = this.alerts.find((a) => a.id === alert.id);
    const rest = this.alerts.filter((a) => a.id !== alert.id);
    this.alerts = alert.state === 'resolved' ? rest : sortAlerts([alert, ...rest]);
    if (!known && alert.state === 'firing' && alert.severity === 'critical') this.banner = alert;
    if (this.banner?.id === alert.id && alert.state !== 'firing') this.banner = null;
    this.changed();
  }

  dismissBanner(): void {
    this.banner = null;
    this.changed();
  }

  setFeed(state: FeedState): void {
    this.feed = state;
    this.changed();
  }

  setLoad(load: LoadState): void {
    this.load = load;
    this.changed();
  }

  setCatalogue(catalogue: Catalogue): void {
    this.catalogue = catalogue;
    this.load = { kind: 'ready' };
    this.changed();
  }

  setReporting(answer: ReportingAnswer): void {
    this.reporting = answer;
    this.changed();
  }

  /** Something changed: one render at the next animation frame, however many changes come before it. */
  changed(): void {
    if (this.frame) return;
    this.frame = this.requestFrame(() => {
      this.frame = 0;
      this.version++;
      this.stats.frames++;
      for (const l of this.listeners) l();
    });
  }
}

function stateRank(a: Alert): number {
  return a.state === 'firing' ? 0 : a.state === 'acknowledged' ? 1 : 2;
}

function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort((a, b) => b.firedAt - a.firedAt || (a.id < b.id ? 1 : -1));
}
