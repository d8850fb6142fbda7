import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { CatalogueCache, isCalendarPeriod } from '@app/catalogue';
import { AppConfig } from '@app/config';
import type { Aggregation, IndicatorPoint, KeyPrincipal, LatestAnswer, RangeAnswer, TimedValue } from '@app/contracts';
import { ReadTimeoutError, withReadTimeout } from '@app/redis';
import { ScopeForbiddenError, SelectionFilter, SeriesSelection } from '@app/selection';
import { RangeTooLargeError, TIME_SERIES_STORE, type TimeSeriesStore } from '@app/timeseries';
import { calendarAggregate, calendarBucketStarts, HOUR_MS } from './calendar-range.util';
import { MAX_BUCKETS, parseRangeParams, type RangeRequest, RawRangeParams } from './range-params.util';

/**
 * Read side of the time series: latest, range and multi-latest, with the key's scope limits applied.
 * Every store read fails fast: no answer from Redis within `readTimeoutMs` is a 503 (the late answer is
 * dropped), so a stalled Redis does not pile up requests.
 */
@Injectable()
export class SeriesQueryService {
  constructor(
    private readonly catalogue: CatalogueCache,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly config: AppConfig,
  ) {}

  async latest(principal: KeyPrincipal, indicator: string, scope: string): Promise<IndicatorPoint> {
    this.checkSeries(principal, indicator, scope);
    const [v] = await this.read(this.store.latest([{ indicator, scope }]));
    if (!v) throw new NotFoundException(`no point yet for indicator ${indicator} in scope ${scope}`);
    return { indicator, scope, ts: v.ts, value: v.value };
  }

  async range(principal: KeyPrincipal, indicator: string, scope: string, params: RawRangeParams): Promise<RangeAnswer> {
    this.checkSeries(principal, indicator, scope);
    const period = this.catalogue.indicator(indicator)!.period;
    const query = parseRangeParams(params, Date.now(), isCalendarPeriod(period) ? period : undefined);
    if (typeof query === 'string') throw new BadRequestException(query);
    try {
      const points = query.calendar
        ? await this.calendarRange(indicator, scope, query, isCalendarPeriod(period))
        : await this.read(this.store.range({ indicator, scope }, query));
      return { indicator, scope, points };
    } catch (err) {
      if (err instanceof RangeTooLargeError) throw new BadRequestException(err.message);
      throw err;
    }
  }

  /**
   * Buckets by calendar period. A period indicator holds one point per period, so its raw points are
   * read and folded; a stream is read in hourly buckets (the store's rollups; every period start in
   * Asia/Ho_Chi_Minh is a whole hour since 1912), folded into periods.
   */
  private async calendarRange(
    indicator: string,
    scope: string,
    query: RangeRequest,
    periodIndicator: boolean,
  ): Promise<TimedValue[]> {
    const { from, to, calendar } = query;
    const starts = calendarBucketStarts(calendar!, from, to);
    const series = { indicator, scope };
    let read: (agg: Aggregation) => Promise<TimedValue[]>;
    if (periodIndicator) {
      const raw = this.read(this.store.range(series, { from, to }));
      read = async (agg) => (agg === 'count' ? (await raw).map((p) => ({ ts: p.ts, value: 1 })) : raw);
    } else {
      if ((to - from) / HOUR_MS > MAX_BUCKETS) {
        throw new BadRequestException(
          `step: a calendar step over a stream reads hourly buckets: at most ${MAX_BUCKETS} hours (about 11 years) from from to to; narrow them`,
        );
      }
      if (starts.some((s) => s % HOUR_MS !== 0)) {
        throw new BadRequestException(`from: calendar buckets of a stream start in 1912 or later; give a later from`);
      }
      read = (agg) => this.read(this.store.range(series, { from, to, step: HOUR_MS, agg }));
    }
    return calendarAggregate(read, starts, query.agg ?? 'avg');
  }

  async latestOf(principal: KeyPrincipal, filter: SelectionFilter): Promise<LatestAnswer> {
    const selection = this.select(principal, filter);
    const series = selection.series();
    const latest = series.length ? await this.read(this.store.latest(series)) : [];
    const points: IndicatorPoint[] = [];
    latest.forEach((v, i) => v && points.push({ ...series[i], ts: v.ts, value: v.value }));
    return { points };
  }

  /**
   * Scope limits first, existence second: a district key gets 403 for any scope outside its own,
   * known or not, so it cannot probe which scopes exist.
   */
  private checkSeries(principal: KeyPrincipal, indicator: string, scope: string): void {
    if (principal.scopes && !this.catalogue.isWithin(scope, principal.scopes)) {
      throw new ForbiddenException(new ScopeForbiddenError(scope).message);
    }
    if (!this.catalogue.indicator(indicator)) throw new NotFoundException(`unknown indicator "${indicator}"`);
    if (!this.catalogue.scope(scope)) throw new NotFoundException(`unknown scope "${scope}"`);
  }

  /** A store read bounded by readTimeoutMs: 503 when Redis does not answer in time. */
  private async read<T>(work: Promise<T>): Promise<T> {
    try {
      return await withReadTimeout(work, this.config.readTimeoutMs);
    } catch (err) {
      if (err instanceof ReadTimeoutError) throw new ServiceUnavailableException(err.message);
      throw err;
    }
  }

  private select(principal: KeyPrincipal, filter: SelectionFilter): SeriesSelection {
    try {
      return SeriesSelection.resolve(filter, principal, this.catalogue);
    } catch (err) {
      if (err instanceof ScopeForbiddenError) throw new ForbiddenException(err.message);
      throw err;
    }
  }
}
