import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  CatalogueCache,
  type CalendarPeriodKind,
  isCalendarPeriod,
  parsePeriod,
  type Period,
  PeriodError,
  periodOf,
  PlansService,
  shiftPeriod,
} from '@app/catalogue';
import type { KeyPrincipal, PeriodPoint, PeriodsAnswer, PeriodSummary, RevisionsAnswer } from '@app/contracts';
import { ScopeForbiddenError } from '@app/selection';
import { RevisionLog, revisionAsOf } from '@app/timeseries';
import { changePct, combineChildren, planPct, rankAmong, yearToDate as combineYearToDate } from './period-summary.util';
import { periodsBetweenMemo, type SummaryPeriods, summaryPeriods } from './period-memo.util';
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
    private readonly plans: PlansService,
  ) {}

  /** One period of a series with its comparisons (current values: the last report of each period). */
  async summary(principal: KeyPrincipal, indicator: string, scope: string, period: unknown): Promise<PeriodSummary> {
    const kind = this.checkSeries(principal, indicator, scope);
    if (period === undefined) throw new BadRequestException('period: missing (e.g. period=2026-10)');
    const { period: p, previous: prev, lastYear, yearToDate, year } = this.summaryPeriods(kind, period);
    const info = this.catalogue.indicator(indicator)!;
    const timeAgg = info.timeAgg ?? 'last';
    const parent = this.catalogue.scope(scope)?.parent;
    const siblings = parent && info.direction ? this.catalogue.childrenOf(parent) : [];
    // The series' logged periods, the plan and the siblings' reports (one pipeline) at once.
    const [periodLogs, plan, siblingLogs] = await Promise.all([
      this.log.periods(indicator, scope, Math.min(lastYear.start, prev.start), p.start),
      this.plans.find(indicator, scope, year),
      this.log.many(siblings.map((s) => ({ indicator, scope: s, ts: p.start }))),
    ]);
    const current = (start: number): number | null => {
      const log = periodLogs.get(start);
      return log && log.length ? log[log.length - 1].value : null;
    };
    const value = current(p.start);
    const previous = current(prev.start);
    const sameLast = current(lastYear.start);
    const ytdValues = yearToDate.map((x) => current(x.start)).filter((v): v is number => v !== null);
    const ytd = combineYearToDate(ytdValues, timeAgg);
    const answer: PeriodSummary = {
      indicator,
      scope,
      period: p.label,
      value,
      previous,
      changePct: changePct(value, previous),
      sameLastYear: sameLast,
      yoyPct: changePct(value, sameLast),
      ytd,
      plan,
      planPct: planPct(timeAgg, value, ytd, plan),
    };
    if (siblings.length > 0 && value !== null && info.direction) {
      const values = siblingLogs.map((log) => (log.length ? log[log.length - 1].value : null));
      const rank = rankAmong(value, values, info.direction);
      if (rank) answer.rank = rank;
    }
    return answer;
  }

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
    const periods = periodsBetweenMemo(from, to, MAX_PERIODS + 1);
    if (periods.length > MAX_PERIODS) {
      throw new BadRequestException(`from: at most ${MAX_PERIODS} periods per answer; narrow from and to`);
    }
    const logs = await this.log.periods(indicator, scope, from.start, to.start);
    const scopeAgg = this.catalogue.indicator(indicator)?.scopeAgg ?? 'none';
    const children = scopeAgg === 'none' ? [] : this.catalogue.childrenOf(scope);
    const childLogs = await Promise.all(children.map((c) => this.log.periods(indicator, c, from.start, to.start)));
    const points: PeriodPoint[] = [];
    for (const p of periods) {
      const known = revisionAsOf(logs.get(p.start) ?? [], asOf);
      const reports = childLogs
        .map((l) => revisionAsOf(l.get(p.start) ?? [], asOf)?.current)
        .filter((r) => r !== undefined);
      const derived =
        children.length > 0
          ? combineChildren(
              reports.map((r) => r.value),
              children.length,
              scopeAgg,
            )
          : undefined;
      if (known) {
        const point: PeriodPoint = {
          period: p.label,
          ts: p.start,
          value: known.current.value,
          revised: known.index > 0,
          reportedAt: known.current.reportedAt,
        };
        if (derived) point.derived = derived;
        points.push(point);
      } else if (derived && derived.value !== null) {
        // No own figure: the children's combined value stands in, as of the latest child report.
        points.push({
          period: p.label,
          ts: p.start,
          value: derived.value,
          revised: false,
          reportedAt: Math.max(...reports.map((r) => r.reportedAt)),
          derived,
        });
      }
    }
    return { indicator, scope, period: kind, points };
  }

  /** The summary's periods (remembered per kind and string: calendar arithmetic is the costly part). */
  private summaryPeriods(kind: CalendarPeriodKind, raw: unknown): SummaryPeriods {
    if (typeof raw !== 'string') throw new BadRequestException('period: give one period string');
    try {
      return summaryPeriods(`${kind}|${raw}`);
    } catch (err) {
      if (err instanceof PeriodError) throw new BadRequestException(`period: ${err.message}`);
      throw err;
    }
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
