import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  CatalogueCache,
  type CalendarPeriodKind,
  coversKind,
  isCalendarPeriod,
  parseAnyPeriod,
  parsePeriod,
  type Period,
  PeriodError,
  periodOf,
  PlansService,
  shiftPeriod,
} from '@app/catalogue';
import type {
  KeyPrincipal,
  PeriodPoint,
  PeriodsAnswer,
  PeriodSummary,
  RevisionsAnswer,
  SummariesAnswer,
} from '@app/contracts';
import { ScopeForbiddenError } from '@app/selection';
import { RevisionLog, revisionAsOf } from '@app/timeseries';
import { changePct, planPct, rankAmong, yearToDate as combineYearToDate } from './period-summary.util';
import { rollUp, type ScopeFigure } from './scope-rollup.util';
import { periodOfMemo, periodsBetweenMemo, type SummaryPeriods, summaryPeriods } from './period-memo.util';
import { parseTimeParam } from './range-params.util';

/** At most this many periods in one `periods` answer (100 years of months). */
export const MAX_PERIODS = 1200;
/** Without `from`, a `periods` answer covers this many periods up to `to`. */
const DEFAULT_PERIODS = 12;

/** How one series' figure of a period is read (own, or rolled up from its children). */
type FigureOf = (scope: string, start: number) => ScopeFigure;

export interface SummariesParams {
  scope?: unknown;
  period?: unknown;
  domain?: unknown;
}

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
    const [answer] = await this.summarize(scope, [{ indicator, periods: this.summaryPeriods(kind, period) }]);
    return answer;
  }

  /**
   * The summary of every period indicator of a scope (of one domain, if given) for the period holding
   * `period`: a wall's tiles in one answer, from one pipelined read of the revision log and one query
   * of the plans.
   */
  async summaries(principal: KeyPrincipal, params: SummariesParams): Promise<SummariesAnswer> {
    const { scope } = params;
    if (typeof scope !== 'string') throw new BadRequestException('scope: give one scope code (e.g. scope=718)');
    if (principal.scopes && !this.catalogue.isWithin(scope, principal.scopes)) {
      throw new ForbiddenException(new ScopeForbiddenError(scope).message);
    }
    if (!this.catalogue.scope(scope)) throw new NotFoundException(`unknown scope "${scope}"`);
    if (typeof params.period !== 'string') throw new BadRequestException('period: missing (e.g. period=2026-10)');
    let asked: Period;
    try {
      asked = parseAnyPeriod(params.period);
    } catch (err) {
      if (err instanceof PeriodError) throw new BadRequestException(`period: ${err.message}`);
      throw err;
    }
    let indicators = this.catalogue.indicators();
    if (params.domain !== undefined) {
      if (typeof params.domain !== 'string' || !this.catalogue.domain(params.domain)) {
        throw new BadRequestException(`domain: unknown domain "${String(params.domain)}"`);
      }
      indicators = this.catalogue.indicatorsOfDomain(params.domain);
    }
    const wanted = indicators
      .filter((i) => isCalendarPeriod(i.period) && coversKind(i.period, asked.kind))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((i) => {
        const kind = i.period as CalendarPeriodKind;
        return { indicator: i.code, periods: summaryPeriods(`${kind}|${periodOfMemo(kind, asked.start).label}`) };
      });
    return { scope, period: asked.label, summaries: await this.summarize(scope, wanted) };
  }

  /** The summaries of these indicators for one scope: every read at once, then the arithmetic. */
  private async summarize(
    scope: string,
    wanted: readonly { indicator: string; periods: SummaryPeriods }[],
  ): Promise<PeriodSummary[]> {
    if (wanted.length === 0) return [];
    const parent = this.catalogue.scope(scope)?.parent;
    const now = Date.now();
    const plan = (w: (typeof wanted)[number]) => {
      const info = this.catalogue.indicator(w.indicator)!;
      const { period: p, previous: prev, lastYear, yearToDate } = w.periods;
      const ytdStarts = yearToDate.map((x) => x.start);
      const siblings = parent && info.direction ? this.catalogue.childrenOf(parent) : [];
      return { info, p, prev, lastYear, ytdStarts, siblings };
    };
    const plans = wanted.map(plan);
    // Own subtree and siblings' subtrees of every indicator, side by side with the plans.
    const reads = plans.flatMap((x, i) => [
      {
        indicator: wanted[i].indicator,
        roots: [scope],
        starts: [...new Set([x.lastYear.start, x.prev.start, ...x.ytdStarts])],
      },
      { indicator: wanted[i].indicator, roots: x.siblings, starts: x.siblings.length ? [x.p.start] : [] },
    ]);
    const years = new Set(wanted.map((w) => w.periods.year));
    const [figures, planValues] = await Promise.all([
      this.figuresMany(reads, now),
      Promise.all(
        [...years].map(async (year) => ({
          year,
          values: await this.plans.findMany(
            wanted.filter((w) => w.periods.year === year).map((w) => w.indicator),
            scope,
            year,
          ),
        })),
      ),
    ]);
    return plans.map((x, i) => {
      const { indicator, periods } = wanted[i];
      const figureOf = figures[2 * i];
      const siblingFigureOf = x.siblings.length ? figures[2 * i + 1] : undefined;
      const timeAgg = x.info.timeAgg ?? 'last';
      const planValue = planValues.find((v) => v.year === periods.year)?.values.get(indicator) ?? null;
      const current = figureOf(scope, x.p.start);
      const value = current.value;
      const previous = figureOf(scope, x.prev.start).value;
      const sameLast = figureOf(scope, x.lastYear.start).value;
      const ytdValues = x.ytdStarts.map((start) => figureOf(scope, start).value).filter((v): v is number => v !== null);
      const ytd = combineYearToDate(ytdValues, timeAgg);
      const answer: PeriodSummary = {
        indicator,
        scope,
        period: x.p.label,
        value,
        previous,
        changePct: changePct(value, previous),
        sameLastYear: sameLast,
        yoyPct: changePct(value, sameLast),
        ytd,
        plan: planValue,
        planPct: planPct(timeAgg, value, ytd, planValue),
      };
      if (current.derived) answer.derived = current.derived;
      if (siblingFigureOf) {
        const rank = rankAmong(
          value,
          x.siblings.map((sib) => siblingFigureOf(sib, x.p.start).value),
          x.info.direction ?? null,
        );
        if (rank) answer.rank = rank;
      }
      return answer;
    });
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
  ): Promise<FigureOf> {
    return (await this.figuresMany([{ indicator, roots, starts }], asOf))[0];
  }

  /** `figures` for many reads, all in one pipelined round trip. */
  private async figuresMany(
    reads: readonly { indicator: string; roots: readonly string[]; starts: readonly number[] }[],
    asOf: number,
  ): Promise<FigureOf[]> {
    const aggs = reads.map((r) => this.catalogue.indicator(r.indicator)?.scopeAgg ?? 'none');
    const logs = await this.log.periodsOfMany(
      reads.map((r, i) => ({
        indicator: r.indicator,
        starts: r.starts,
        scopes: aggs[i] === 'none' ? r.roots : [...new Set(r.roots.flatMap((root) => this.catalogue.subtree(root)))],
      })),
    );
    return logs.map(
      (log, i) => (scope: string, start: number) =>
        rollUp(scope, aggs[i], {
          childrenOf: (s) => this.catalogue.childrenOf(s),
          reportOf: (s) => {
            const known = revisionAsOf(log.get(s)?.get(start) ?? [], asOf);
            return (
              known && { value: known.current.value, reportedAt: known.current.reportedAt, revised: known.index > 0 }
            );
          },
        }),
    );
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
