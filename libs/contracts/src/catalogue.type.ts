export type Direction = 'up' | 'down';

/** How often an indicator is reported: `none` is a stream; the others are calendar periods (Asia/Ho_Chi_Minh). */
export type PeriodKind = 'none' | 'day' | 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['none', 'day', 'month', 'quarter', 'year'];
/** How an indicator's values add up over time: flows `sum`, stocks `last`, rates `avg`. */
export type TimeAgg = 'sum' | 'last' | 'avg';
export const TIME_AGGS: readonly TimeAgg[] = ['sum', 'last', 'avg'];
/** How child scopes add up to their parent. */
export type ScopeAgg = 'sum' | 'avg' | 'none';
export const SCOPE_AGGS: readonly ScopeAgg[] = ['sum', 'avg', 'none'];

/** The statistics fields of an indicator (present in answers for period indicators and when set). */
export interface IndicatorStatistics {
  period: PeriodKind;
  timeAgg: TimeAgg;
  scopeAgg: ScopeAgg;
  /** A period's report is due this many days after the period ends. */
  dueDays: number;
}

export interface DomainInfo {
  code: string;
  name: string;
}

/** A position: `[longitude, latitude]` in WGS84 degrees. */
export type GeoPosition = [number, number];
/** A closed ring: the first position repeated at the end, at least 4 positions. */
export type GeoRing = GeoPosition[];

/** A GeoJSON (RFC 7946) polygon: an outer ring, then holes. */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: GeoRing[];
}

export interface GeoMultiPolygon {
  type: 'MultiPolygon';
  coordinates: GeoRing[][];
}

/** A scope's outline on the map, drawn by the wall screen. */
export type ScopeShape = GeoPolygon | GeoMultiPolygon;
export const SCOPE_SHAPE_TYPES = ['Polygon', 'MultiPolygon'] as const;
/** At most this many positions in one shape (all rings together). */
export const SCOPE_SHAPE_MAX_POSITIONS = 20_000;

/** Where a scope sits in a schematic tile grid of its siblings (row 0 is the top, col 0 the left). */
export interface ScopeTile {
  row: number;
  col: number;
}
/** The largest row or column of a tile. */
export const SCOPE_TILE_MAX = 999;

export interface ScopeInfo {
  code: string;
  name: string;
  parent: string | null;
  /** Given when set. */
  tile?: ScopeTile;
  /** Given when set, and only when asked for (`?include=shape`). */
  shape?: ScopeShape;
}

export interface IndicatorInfo {
  code: string;
  domain: string;
  name: string;
  unit: string;
  direction: Direction | null;
  target: number | null;
  /** Raw-point retention in days; null = the configured default. */
  retentionDays: number | null;
  /** Statistics fields: given for period indicators (and for a stream where one was set). */
  period?: PeriodKind;
  timeAgg?: TimeAgg;
  scopeAgg?: ScopeAgg;
  dueDays?: number;
}

/** `POST /api/v1/scopes` body. */
export interface NewScope {
  code: string;
  name: string;
  parent?: string | null;
  shape?: ScopeShape | null;
  tile?: ScopeTile | null;
}

/**
 * `PUT /api/v1/scopes/:code` body: the fields given are set, those left out keep their value, and
 * `null` removes a shape or a tile. `code` and `parent`, when given, must equal the scope's own (so a
 * scope read with `GET` can be sent back as it is).
 */
export interface ScopeUpdate {
  code?: string;
  parent?: string | null;
  name?: string;
  shape?: ScopeShape | null;
  tile?: ScopeTile | null;
}

/** The fields of an indicator that a `PUT /api/v1/indicators/:code` body sets. */
export interface IndicatorInput {
  domain: string;
  name: string;
  unit: string;
  direction?: Direction | null;
  target?: number | null;
  retentionDays?: number | null;
  /** Default `none` (a stream). */
  period?: PeriodKind | null;
  /** Default `last`. */
  timeAgg?: TimeAgg | null;
  /** Default `none`. */
  scopeAgg?: ScopeAgg | null;
  /** Default 0. */
  dueDays?: number | null;
}

/** `POST /api/v1/indicators` body. (`POST /api/v1/domains` takes a `DomainInfo`.) */
export interface NewIndicator extends IndicatorInput {
  code: string;
}

/** A year's plan of a period indicator in a scope (`PUT /api/v1/plans/:indicator/:scope/:year`). */
export interface PlanInfo {
  indicator: string;
  scope: string;
  year: number;
  value: number;
}

/** `GET /api/v1/plans` answer. */
export interface PlansAnswer {
  plans: PlanInfo[];
}
