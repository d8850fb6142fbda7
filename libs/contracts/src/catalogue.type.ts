export type Direction = 'up' | 'down';

export interface DomainInfo {
  code: string;
  name: string;
}

export interface ScopeInfo {
  code: string;
  name: string;
  parent: string | null;
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
}

/** `POST /api/v1/scopes` body. */
export interface NewScope {
  code: string;
  name: string;
  parent?: string | null;
}

/** The fields of an indicator that a `PUT /api/v1/indicators/:code` body sets. */
export interface IndicatorInput {
  domain: string;
  name: string;
  unit: string;
  direction?: Direction | null;
  target?: number | null;
  retentionDays?: number | null;
}

/** `POST /api/v1/indicators` body. (`POST /api/v1/domains` takes a `DomainInfo`.) */
export interface NewIndicator extends IndicatorInput {
  code: string;
}
