import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  CatalogueCache,
  type CalendarPeriodKind,
  isCalendarPeriod,
  parsePeriod,
  type Period,
  PeriodError,
  periodOf,
  periodsBetween,
  shiftPeriod,
} from '@app/catalogue';
import type { KeyPrincipal, PeriodPoint, PeriodsAnswer, RevisionsAnswer } from '@app/contracts';
import { ScopeForbiddenError } from '@app/selection';
import { RevisionLog, revisionAsOf } from '@app/timeseries';
import { parseTimeParam } from './range-params.util';

/** At most this many periods in one `periods` answer (100 years of months). */
export const MAX_PERIODS = 1200;
/** Without `from`, a `periods` answer covers this many periods up to `to`. */
const DEFAULT_PERIODS = 12;

export interface PeriodsParams {
  from?: unknown;
  to?: unknown;
  asOf?: unknown;
}

/** Reads of period indicators: their values per period (as known at a time) and each period's revisions. */
@Injectable()
export class PeriodQueryService {
  constructor(
    private readonly catalogue: CatalogueCache,
    private readonly log: RevisionLog,
  ) {}

  async revisions(
    principal: KeyPrincipal,
    indicator: string,
    scope: string,
    period: unknown,
  ): Promise<RevisionsAnswer> {
    const kind = this.checkSeries(principal, indicator, scope);
    if (period === undefined) throw new BadRequestException('period: missing (e.g. period=2026-10)');
    const p = this.parse('period', kind, period);
    return { revisions: await this.log.period(indicator, scope, p.start) };
  }

  async periods(
    principal: KeyPrincipal,
    indicator: string,
    scope: string,
    params: PeriodsParams,
  ): Promise<PeriodsAnswer> {
    const kind = this.checkSeries(principal, indicator, scope);
    const now = Date.now();
    let asOf = now;
    if (params.asOf !== undefined) {
      const t = parseTimeParam('asOf', params.asOf);
      if (typeof t === 'string') throw new BadRequestException(t);
      if (t > now) {
        throw new BadRequestException(`asOf: ${new Date(t).toISOString()} is in the future; give a time up to now`);
      }
      asOf = t;
    }
    const to = params.to === undefined ? periodOf(kind, now) : this.parse('to', kind, params.to);
    const from =
      params.from === undefined ? shiftPeriod(to, 1 - DEFAULT_PERIODS) : this.parse('from', kind, params.from);
    if (from.start > to.start) throw new BadRequestException(`from: ${from.label} is after to (${to.label})`);
    const periods = periodsBetween(from, to, MAX_PERIODS + 1);
    if (periods.length > MAX_PERIODS) {
      throw new BadRequestException(`from: at most ${MAX_PERIODS} periods per answer; narrow from and to`);
    }
    const logs = await this.log.periods(indicator, scope, from.start, to.start);
    const points: PeriodPoint[] = [];
    for (const p of periods) {
      const known = revisionAsOf(logs.get(p.start) ?? [], asOf);
      if (!known) continue;
      points.push({
        period: p.label,
        ts: p.start,
        value: known.current.value,
        revised: known.index > 0,
        reportedAt: known.current.reportedAt,
      });
    }
    return { indicator, scope, period: kind, points };
  }

  private parse(name: string, kind: CalendarPeriodKind, raw: unknown): Period {
    if (typeof raw !== 'string') throw new BadRequestException(`${name}: give one period string`);
    try {
      return parsePeriod(kind, raw);
    } catch (err) {
      if (err instanceof PeriodError) throw new BadRequestException(`${name}: ${err.message}`);
      throw err;
    }
  }

  /** Scope limits first (as for every series read), then existence, then: is it a period indicator? */
  private checkSeries(principal: KeyPrincipal, indicator: string, scope: string): CalendarPeriodKind {
    if (principal.scopes && !this.catalogue.isWithin(scope, principal.scopes)) {
      throw new ForbiddenException(new ScopeForbiddenError(scope).message);
    }
    const info = this.catalogue.indicator(indicator);
    if (!info) throw new NotFoundException(`unknown indicator "${indicator}"`);
    if (!this.catalogue.scope(scope)) throw new NotFoundException(`unknown scope "${scope}"`);
    if (!isCalendarPeriod(info.period)) {
      throw new BadRequestException(`indicator: "${indicator}" is a stream (period "none"); use /latest and /range`);
    }
    return info.period;
  }
}
