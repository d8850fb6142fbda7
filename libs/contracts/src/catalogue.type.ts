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
