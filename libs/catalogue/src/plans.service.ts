import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { KeyPrincipal, PlanInfo } from '@app/contracts';
import { DataSource, type FindOptionsWhere, In } from 'typeorm';
import { CatalogueCache } from './catalogue-cache';
import { PlanEntity } from './entities';

export interface PlanFilter {
  indicator?: string;
  scope?: string;
  year?: string;
}

const toInfo = (e: PlanEntity): PlanInfo => ({
  indicator: e.indicatorCode,
  scope: e.scopeCode,
  year: e.year,
  value: e.value,
});

/** Yearly plans of period indicators per scope, in the catalogue database. A plan is never a point. */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: CatalogueCache,
  ) {}

  async put(
    principal: KeyPrincipal,
    indicator: string,
    scope: string,
    yearText: string,
    value: unknown,
  ): Promise<PlanInfo> {
    const info = this.cache.indicator(indicator);
    if (!info) throw new BadRequestException(`indicator: unknown indicator "${indicator}"`);
    if (!info.period || info.period === 'none') {
      throw new BadRequestException(
        `indicator: "${indicator}" is a stream (period "none"); plans are for period indicators`,
      );
    }
    if (!this.cache.scope(scope)) throw new BadRequestException(`scope: unknown scope "${scope}"`);
    this.checkScope(principal, scope);
    const year = parseYear(yearText);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new BadRequestException('value: must be a finite JSON number');
    }
    const e = Object.assign(new PlanEntity(), {
      indicatorCode: indicator,
      scopeCode: scope,
      year,
      value,
      updatedBy: principal.name,
      updatedAt: Date.now(),
    });
    await this.db.getRepository(PlanEntity).save(e);
    return toInfo(e);
  }

  /** Plans matching the filter, limited to the key's scopes. */
  async list(principal: KeyPrincipal, filter: PlanFilter): Promise<PlanInfo[]> {
    const where: FindOptionsWhere<PlanEntity> = {};
    if (filter.indicator !== undefined) {
      if (!this.cache.indicator(filter.indicator)) {
        throw new BadRequestException(`indicator: unknown indicator "${filter.indicator}"`);
      }
      where.indicatorCode = filter.indicator;
    }
    if (filter.scope !== undefined) {
      this.checkScope(principal, filter.scope);
      if (!this.cache.scope(filter.scope)) throw new BadRequestException(`scope: unknown scope "${filter.scope}"`);
      where.scopeCode = filter.scope;
    }
    if (filter.year !== undefined) where.year = parseYear(filter.year);
    const rows = await this.db
      .getRepository(PlanEntity)
      .find({ where, order: { indicatorCode: 'ASC', scopeCode: 'ASC', year: 'ASC' } });
    const roots = principal.scopes;
    return rows.filter((r) => roots === null || this.cache.isWithin(r.scopeCode, roots)).map(toInfo);
  }

  /** The plan of one indicator, scope and year, or null. */
  /** The plans of these indicators for one scope and year, by indicator (one query). */
  async findMany(indicators: readonly string[], scope: string, year: number): Promise<Map<string, number>> {
    if (indicators.length === 0) return new Map();
    const rows = await this.db
      .getRepository(PlanEntity)
      .findBy({ indicatorCode: In([...indicators]), scopeCode: scope, year });
    return new Map(rows.map((e) => [e.indicatorCode, e.value]));
  }

  async find(indicator: string, scope: string, year: number): Promise<number | null> {
    const e = await this.db.getRepository(PlanEntity).findOneBy({ indicatorCode: indicator, scopeCode: scope, year });
    return e ? e.value : null;
  }

  private checkScope(principal: KeyPrincipal, scope: string): void {
    if (principal.scopes && !this.cache.isWithin(scope, principal.scopes)) {
      throw new ForbiddenException(`scope: "${scope}" is not allowed for this key`);
    }
  }
}

function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(String(text)) || year < 1900) {
    throw new BadRequestException(`year: "${text}" is not a year (expected YYYY, 1900-9999)`);
  }
  return year;
}
