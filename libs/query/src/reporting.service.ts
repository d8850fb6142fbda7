import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { CatalogueCache, coversKind, isCalendarPeriod, parseAnyPeriod, type Period, PeriodError } from '@app/catalogue';
import type { KeyPrincipal, ReportingAnswer, ReportingRow } from '@app/contracts';
import { ScopeForbiddenError } from '@app/selection';
import { RevisionLog } from '@app/timeseries';
import { periodOfMemo } from './period-memo.util';
import { dueAt, reportStatus } from './report-status.util';

/** At most this many (indicator, scope) rows in one answer: narrow by scope or domain beyond it. */
export const MAX_REPORTING_ROWS = 200_000;

export interface ReportingParams {
  period?: unknown;
  scope?: unknown;
  domain?: unknown;
}

/** The reporting calendar: for a period, which period indicators each scope has reported, on time or not. */
@Injectable()
export class ReportingService {
  constructor(
    private readonly catalogue: CatalogueCache,
    private readonly log: RevisionLog,
  ) {}

  async reporting(principal: KeyPrincipal, params: ReportingParams): Promise<ReportingAnswer> {
    if (typeof params.period !== 'string') throw new BadRequestException('period: missing (e.g. period=2026-10)');
    let asked: Period;
    try {
      asked = parseAnyPeriod(params.period);
    } catch (err) {
      if (err instanceof PeriodError) throw new BadRequestException(`period: ${err.message}`);
      throw err;
    }
    const scopes = this.scopes(principal, params.scope);
    let indicators = this.catalogue.indicators();
    if (params.domain !== undefined) {
      if (typeof params.domain !== 'string' || !this.catalogue.domain(params.domain)) {
        throw new BadRequestException(`domain: unknown domain "${String(params.domain)}"`);
      }
      indicators = this.catalogue.indicatorsOfDomain(params.domain);
    }
    // Each indicator's own period that covers the asked one (a quarterly indicator asked for a month:
    // that month's quarter); indicators with shorter periods than the asked one are left out.
    const wanted: { indicator: string; period: Period; due: number }[] = [];
    for (const i of indicators) {
      if (!isCalendarPeriod(i.period) || !coversKind(i.period, asked.kind)) continue;
      const period = periodOfMemo(i.period, asked.start);
      wanted.push({ indicator: i.code, period, due: dueAt(period.end, i.dueDays ?? 0) });
    }
    if (wanted.length * scopes.length > MAX_REPORTING_ROWS) {
      throw new BadRequestException(`scope: more than ${MAX_REPORTING_ROWS} rows; narrow by scope or domain`);
    }
    const refs = wanted.flatMap((w) => scopes.map((scope) => ({ ...w, scope, ts: w.period.start })));
    const logs = await this.log.many(refs);
    const now = Date.now();
    const rows: ReportingRow[] = refs.map((r, i) => {
      const log = logs[i];
      const reportedAt = log.length ? log[0].reportedAt : undefined;
      const row: ReportingRow = {
        indicator: r.indicator,
        scope: r.scope,
        period: r.period.label,
        status: reportStatus(r.due, reportedAt, now),
        dueAt: r.due,
        revisions: Math.max(0, log.length - 1),
      };
      if (reportedAt !== undefined) row.reportedAt = reportedAt;
      return row;
    });
    return { period: asked.label, rows };
  }

  /** The scopes of the answer: the asked scope's subtree, or every scope the key may read. */
  private scopes(principal: KeyPrincipal, scope: unknown): string[] {
    const roots = principal.scopes;
    if (scope !== undefined) {
      if (typeof scope !== 'string') throw new BadRequestException('scope: give one scope code');
      if (roots && !this.catalogue.isWithin(scope, roots))
        throw new ForbiddenException(new ScopeForbiddenError(scope).message);
      if (!this.catalogue.scope(scope)) throw new BadRequestException(`scope: unknown scope "${scope}"`);
      return [...this.catalogue.subtree(scope)].sort();
    }
    const all = this.catalogue.scopes().map((s) => s.code);
    return (roots ? all.filter((s) => this.catalogue.isWithin(s, roots)) : all).sort();
  }
}
