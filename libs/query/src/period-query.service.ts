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
import { changePct, planPct, rankAmong, yearToDate as combineYearToDate } from './period-summary.util';
import { rollUp, type ScopeFigure } from './scope-rollup.util';
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

  /**
   * One period of a series with its comparisons (current values: the last report of each period).
   * A parent scope without its own figure for a period answers from its children's (rolled up
   * recursively), for every field: value, previous, same period last year, year to date and rank.
   */
  async summary(principal: KeyPrincipal, indicator: string, scope: string, period: unknown): Promise<PeriodSummary> {
    const kind = this.checkSeries(principal, indicator, scope);
    if (period === undefined) throw new BadRequestException('period: missing (e.g. period=2026-10)');
    const { period: p, previous: prev, lastYear, yearToDate, year } = this.summaryPeriods(kind, period);
    const info = this.catalogue.indicator(indicator)!;
    const timeAgg = info.timeAgg ?? 'last';
    const ytdStarts = yearToDate.map((x) => x.start);
    const parent = this.catalogue.scope(scope)?.parent;
    const siblings = parent && info.direction ? this.catalogue.childrenOf(parent) : [];
    const now = Date.now();
    // Own subtree, plan and siblings' subtrees at once: one pipelined read each, side by side.
    const [figureOf, plan, siblingFigureOf] = await Promise.all([
      this.figures(indicator, [scope], [...new Set([lastYear.start, prev.start, ...ytdStarts])], now),
      this.plans.find(indicator, scope, year),
      siblings.length ? this.figures(indicator, siblings, [p.start], now) : undefined,
    ]);
    const current = figureOf(scope, p.start);
    const value = current.value;
    const previous = figureOf(scope, prev.start).value;
    const sameLast = figureOf(scope, lastYear.start).value;
    const ytdValues = ytdStarts.map((start) => figureOf(scope, start).value).filter((v): v is number => v !== null);
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
    if (current.derived) answer.derived = current.derived;
    if (siblingFigureOf) {
      const rank = rankAmong(
        value,
        siblings.map((s) => siblingFigureOf(s, p.start).value),
        info.direction ?? null,
      );
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
    const figureOf = await this.figures(
      indicator,
      [scope],
      periods.map((p) => p.start),
      asOf,
    );
    const points: PeriodPoint[] = [];
    for (const p of periods) {
      const f = figureOf(scope, p.start);
      if (f.value === null || f.reportedAt === null) continue;
      // Without an own figure, the children's combined value stands in, as of the latest report in it.
      const point: PeriodPoint = {
        period: p.label,
        ts: p.start,
        value: f.value,
        revised: f.own?.revised ?? false,
        reportedAt: f.reportedAt,
      };
      if (f.derived) point.derived = f.derived;
      points.push(point);
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

  /**
   * Reads the given periods of `roots` and, when the indicator rolls up (scopeAgg not `none`), of
   * every scope below them, in one pipelined round trip; answers each (scope, period start) with its
   * figure as known at `asOf`.
   */
  private async figures(
    indicator: string,
    roots: readonly string[],
    starts: readonly number[],
    asOf: number,
  ): Promise<(scope: string, start: number) => ScopeFigure> {
    const agg = this.catalogue.indicator(indicator)?.scopeAgg ?? 'none';
    const scopes = agg === 'none' ? roots : [...new Set(roots.flatMap((r) => this.catalogue.subtree(r)))];
    const logs = await this.log.periodsOf(indicator, scopes, starts);
    return (scope, start) =>
      rollUp(scope, agg, {
        childrenOf: (s) => this.catalogue.childrenOf(s),
        reportOf: (s) => {
          const known = revisionAsOf(logs.get(s)?.get(start) ?? [], asOf);
          return (
            known && { value: known.current.value, reportedAt: known.current.reportedAt, revised: known.index > 0 }
          );
        },
      });
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
