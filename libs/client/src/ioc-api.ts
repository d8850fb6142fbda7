import type {
  Aggregation,
  Alert,
  AlertLang,
  AlertState,
  DomainInfo,
  IndicatorInfo,
  KeyIdentity,
  IndicatorPoint,
  PeriodsAnswer,
  PeriodSummary,
  SummariesAnswer,
  ReportingAnswer,
  ScopeInfo,
  Severity,
  TimedValue,
} from '@app/contracts';

export interface IocApiOptions {
  /** The service's base URL, e.g. `https://ioc.example.gov.vn`. */
  url: string;
  key: string;
  /** Language of alert `reason`s: `vi` (default) or `en`. */
  lang?: AlertLang;
  /** Another `fetch` (default: the global one). */
  fetch?: typeof fetch;
}

/** A time for a query: epoch ms, a `Date`, or an ISO-8601 string with an offset. */
export type TimeInput = number | Date | string;

export interface RangeQueryInput {
  /** Default: 24 h before `to`. Both bounds are inclusive. */
  from?: TimeInput;
  /** Default: now. */
  to?: TimeInput;
  /**
   * Bucket width in ms (buckets aligned to multiples of `step` from epoch 0), or a calendar unit
   * (buckets at period starts in the Asia/Ho_Chi_Minh calendar). A period indicator answers every
   * step by calendar period.
   */
  step?: number | 'day' | 'month' | 'quarter' | 'year';
  /** With `step`; default `avg`. */
  agg?: Aggregation;
}

export interface RangeAnswer {
  indicator: string;
  scope: string;
  points: TimedValue[];
}

/** Filters of `latestMany`: each one code or several; they combine with AND; a scope includes its descendants. */
export interface LatestFilter {
  domain?: string | string[];
  scope?: string | string[];
  indicator?: string | string[];
}

/** `periods` bounds: period strings (`2026-10`, `2026-Q3`, `2026`); `asOf` answers as known then. */
export interface PeriodsQueryInput {
  from?: string;
  to?: string;
  asOf?: TimeInput;
}

/** `reporting` filters: the period (a day, month, quarter or year), a subtree, a domain. */
export interface ReportingQuery {
  period: string;
  scope?: string;
  domain?: string;
}

export interface AlertsQuery {
  state?: AlertState | AlertState[];
  scope?: string | string[];
  indicator?: string | string[];
  severity?: Severity | Severity[];
  /** Default 100, at most 1,000. */
  limit?: number;
  /** An alert id: the page after it (alerts are listed newest first). */
  before?: string;
}

/** A 4xx or 5xx answer of the service, with its `{statusCode, error, message}` body. */
export class IocApiError extends Error {
  override readonly name = 'IocApiError';

  constructor(
    /** The HTTP status. */
    readonly statusCode: number,
    /** The status's name, e.g. `Not Found`. */
    readonly error: string,
    /** What was wrong, in words a person can act on. */
    message: string,
  ) {
    super(message);
  }
}

/** Typed calls of the HTTP API (`/api/v1`) with a Bearer key. Every failure answer throws an IocApiError. */
export class IocApi {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: IocApiOptions) {
    if (!options.key) throw new Error('IocApi: give `key`');
    this.base = options.url.replace(/\/+$/, '') + '/api/v1';
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The latest point of a series (404 when it has none). */
  latest(indicator: string, scope: string): Promise<IndicatorPoint> {
    return this.call('GET', `/series/${enc(indicator)}/${enc(scope)}/latest`);
  }

  /** The points of a series between two times, raw or in buckets of `step` ms. */
  range(indicator: string, scope: string, query: RangeQueryInput = {}): Promise<RangeAnswer> {
    const q = new URLSearchParams();
    if (query.from !== undefined) q.set('from', timeParam(query.from));
    if (query.to !== undefined) q.set('to', timeParam(query.to));
    if (query.step !== undefined) q.set('step', String(query.step));
    if (query.agg !== undefined) q.set('agg', query.agg);
    return this.call('GET', `/series/${enc(indicator)}/${enc(scope)}/range${search(q)}`);
  }

  /** The latest point of every matching series that has one. */
  async latestMany(filter: LatestFilter = {}): Promise<IndicatorPoint[]> {
    const q = new URLSearchParams();
    for (const name of ['domain', 'scope', 'indicator'] as const) appendAll(q, name, filter[name]);
    const answer = await this.call<{ points: IndicatorPoint[] }>('GET', `/latest${search(q)}`);
    return answer.points;
  }

  /** Alerts, newest first. */
  async alerts(query: AlertsQuery = {}): Promise<Alert[]> {
    const q = new URLSearchParams();
    for (const name of ['state', 'scope', 'indicator', 'severity'] as const) appendAll(q, name, query[name]);
    if (query.limit !== undefined) q.set('limit', String(query.limit));
    if (query.before !== undefined) q.set('before', query.before);
    const answer = await this.call<{ alerts: Alert[] }>('GET', `/alerts${search(q)}`);
    return answer.alerts;
  }

  /** The catalogue's domains. */
  domains(): Promise<DomainInfo[]> {
    return this.call('GET', '/domains');
  }

  /** The catalogue's scopes (a district key: those inside its own); `include` asks for more fields, e.g. `shape`. */
  scopes(include?: string[]): Promise<ScopeInfo[]> {
    const q = new URLSearchParams();
    if (include?.length) q.set('include', include.join(','));
    return this.call('GET', `/scopes${search(q)}`);
  }

  /** The catalogue's indicators, of one domain when given. */
  indicators(domain?: string): Promise<IndicatorInfo[]> {
    const q = new URLSearchParams();
    if (domain !== undefined) q.set('domain', domain);
    return this.call('GET', `/indicators${search(q)}`);
  }

  /** A period indicator's values per period, oldest first (by default the last 12 periods). */
  periods(indicator: string, scope: string, query: PeriodsQueryInput = {}): Promise<PeriodsAnswer> {
    const q = new URLSearchParams();
    if (query.from !== undefined) q.set('from', query.from);
    if (query.to !== undefined) q.set('to', query.to);
    if (query.asOf !== undefined) q.set('asOf', timeParam(query.asOf));
    return this.call('GET', `/series/${enc(indicator)}/${enc(scope)}/periods${search(q)}`);
  }

  /** One period of a period indicator: change, same period last year, plan share, rank among siblings. */
  summary(indicator: string, scope: string, period: string): Promise<PeriodSummary> {
    const q = new URLSearchParams({ period });
    return this.call('GET', `/series/${enc(indicator)}/${enc(scope)}/summary${search(q)}`);
  }

  /** The summary of every period indicator of a scope (of one domain, if given) for a period: a wall's tiles at once. */
  summaries(query: { scope: string; period: string; domain?: string }): Promise<SummariesAnswer> {
    const q = new URLSearchParams({ scope: query.scope, period: query.period });
    if (query.domain !== undefined) q.set('domain', query.domain);
    return this.call('GET', `/summaries${search(q)}`);
  }

  /** Who reported which period indicator for a period, who is late. */
  reporting(query: ReportingQuery): Promise<ReportingAnswer> {
    const q = new URLSearchParams();
    for (const name of ['period', 'scope', 'domain'] as const) if (query[name] !== undefined) q.set(name, query[name]);
    return this.call('GET', `/reporting${search(q)}`);
  }

  /** The calling key: name, role, scopes and capabilities (any role; servers before it answer 404). */
  me(): Promise<KeyIdentity> {
    return this.call('GET', '/me');
  }

  /** Acknowledges an alert (roles admin, operator; district inside its scopes): the alert, now `acknowledged`. */
  ack(id: string, note?: string): Promise<Alert> {
    return this.call('POST', `/alerts/${enc(id)}/ack`, note === undefined ? {} : { note });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.key}`, accept: 'application/json' };
    if (this.options.lang) headers['accept-language'] = this.options.lang;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw errorOf(res, text);
    return JSON.parse(text) as T;
  }
}

function errorOf(res: Response, text: string): IocApiError {
  try {
    const body = JSON.parse(text) as { statusCode?: unknown; error?: unknown; message?: unknown };
    if (typeof body.message === 'string') {
      return new IocApiError(
        typeof body.statusCode === 'number' ? body.statusCode : res.status,
        typeof body.error === 'string' ? body.error : res.statusText,
        body.message,
      );
    }
  } catch {
    /* not JSON (a proxy's error page, say): described below */
  }
  return new IocApiError(res.status, res.statusText, text.slice(0, 200) || `HTTP ${res.status}`);
}

/** Epoch ms as digits; a string is passed as it is (the server checks it, offset included). */
function timeParam(t: TimeInput): string {
  return t instanceof Date ? String(t.getTime()) : String(t);
}

function appendAll(q: URLSearchParams, name: string, value: string | string[] | undefined): void {
  if (value === undefined) return;
  for (const v of Array.isArray(value) ? value : [value]) q.append(name, v);
}

function search(q: URLSearchParams): string {
  const s = q.toString();
  return s ? `?${s}` : '';
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
