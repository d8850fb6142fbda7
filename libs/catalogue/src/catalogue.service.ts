import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DomainInfo,
  IndicatorInfo,
  IndicatorInput,
  NewScope,
  ScopeInfo,
  ScopeShape,
  ScopeTile,
  ScopeUpdate,
} from '@app/contracts';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { CatalogueCache } from './catalogue-cache';
import { DomainEntity, IndicatorEntity, ScopeEntity } from './entities';
import { toIndicatorInfo, toScopeInfo } from './catalogue-mapping.util';
import { checkScopeShape } from './scope-shape.util';

export interface CatalogueSeed {
  domains: DomainInfo[];
  scopes: ScopeInfo[];
  indicators: IndicatorInfo[];
}

const SEED_CHUNK = 200;

/** Writes to the catalogue, with readable errors; every write refreshes the cache and tells other processes. */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: CatalogueCache,
  ) {}

  async createDomain(input: DomainInfo): Promise<DomainInfo> {
    const repo = this.db.getRepository(DomainEntity);
    if (await repo.existsBy({ code: input.code })) throw new ConflictException(`domain ${input.code} already exists`);
    await repo.insert({ code: input.code, name: input.name });
    await this.changed();
    return { code: input.code, name: input.name };
  }

  async createScope(input: NewScope): Promise<ScopeInfo> {
    const repo = this.db.getRepository(ScopeEntity);
    const parent = input.parent ?? null;
    if (parent !== null && !(await repo.existsBy({ code: parent }))) {
      throw new BadRequestException(`parent: unknown scope "${parent}"`);
    }
    if (await repo.existsBy({ code: input.code })) throw new ConflictException(`scope ${input.code} already exists`);
    const e = repo.create({ code: input.code, name: input.name, parentCode: parent, shape: null });
    setMapFields(e, input);
    await repo.insert(e);
    await this.changed();
    return withShape(e);
  }

  /**
   * Sets the fields an update gives (name, shape, tile); those left out keep their value, `null`
   * removes a shape or tile. Answers the scope with its shape.
   */
  async updateScope(code: string, update: ScopeUpdate): Promise<ScopeInfo> {
    const repo = this.db.getRepository(ScopeEntity);
    const e = await repo.findOneBy({ code });
    if (!e) throw new NotFoundException(`unknown scope "${code}"`);
    if (update.code !== undefined && update.code !== code) {
      throw new BadRequestException(`code: "${update.code}" in the body differs from "${code}" in the path`);
    }
    if (update.parent !== undefined && (update.parent ?? null) !== (e.parentCode ?? null)) {
      throw new BadRequestException(
        `parent: cannot be changed here (scope ${code} has parent ${JSON.stringify(e.parentCode ?? null)})`,
      );
    }
    if (update.name !== undefined) e.name = update.name;
    setMapFields(e, update);
    await repo.save(e);
    await this.changed();
    return withShape(e);
  }

  /** One scope with its shape (when it has one). */
  async getScopeWithShape(code: string): Promise<ScopeInfo> {
    const e = await this.db.getRepository(ScopeEntity).findOneBy({ code });
    if (!e) throw new NotFoundException(`unknown scope "${code}"`);
    return withShape(e);
  }

  /** The shapes of the scopes that have one, by code (read from the database: the cache holds no shapes). */
  async shapes(): Promise<Map<string, ScopeShape>> {
    const rows = await this.db
      .getRepository(ScopeEntity)
      .find({ select: { code: true, shape: true }, where: { shape: Not(IsNull()) } });
    return new Map(rows.filter((r) => r.shape).map((r) => [r.code, r.shape!]));
  }

  /**
   * Gives scopes the map data they lack: a shape where theirs is null, a tile where theirs is null;
   * what is already set (by an operator's PUT) is kept. Unknown scopes are skipped. For seeds such as
   * the demo's, so a database made before map data existed gets them too. Answers how many scopes changed.
   */
  async fillMapData(entries: readonly { code: string; shape?: ScopeShape; tile?: ScopeTile }[]): Promise<number> {
    const repo = this.db.getRepository(ScopeEntity);
    const found = await repo.findBy({ code: In(entries.map((x) => x.code)) });
    const byCode = new Map(found.map((e) => [e.code, e]));
    let changed = 0;
    for (const x of entries) {
      const e = byCode.get(x.code);
      if (!e) continue;
      const fill: ScopeUpdate = {};
      if (x.shape && !e.shape) fill.shape = x.shape;
      if (x.tile && (e.tileRow == null || e.tileCol == null)) fill.tile = x.tile;
      if (fill.shape === undefined && fill.tile === undefined) continue;
      setMapFields(e, fill);
      await repo.save(e);
      changed++;
    }
    if (changed > 0) await this.changed();
    return changed;
  }

  async createIndicator(code: string, input: IndicatorInput): Promise<IndicatorInfo> {
    const repo = this.db.getRepository(IndicatorEntity);
    await this.checkDomain(input.domain);
    if (await repo.existsBy({ code })) throw new ConflictException(`indicator ${code} already exists`);
    const entity = this.indicatorEntity(code, input);
    await repo.insert(entity);
    await this.changed();
    return toIndicatorInfo(entity);
  }

  /** Creates the indicator when missing, else replaces its mutable fields. */
  async putIndicator(code: string, input: IndicatorInput): Promise<{ created: boolean; indicator: IndicatorInfo }> {
    const repo = this.db.getRepository(IndicatorEntity);
    await this.checkDomain(input.domain);
    const created = !(await repo.existsBy({ code }));
    const entity = this.indicatorEntity(code, input);
    await repo.save(entity);
    await this.changed();
    return { created, indicator: toIndicatorInfo(entity) };
  }

  async getIndicator(code: string): Promise<IndicatorInfo> {
    const e = await this.db.getRepository(IndicatorEntity).findOneBy({ code });
    if (!e) throw new NotFoundException(`unknown indicator "${code}"`);
    return toIndicatorInfo(e);
  }

  /** Inserts whatever of the seed is missing, in one transaction, in chunks. Idempotent. */
  async seed(input: CatalogueSeed): Promise<{ domains: number; scopes: number; indicators: number }> {
    const counts = await this.db.transaction(async (m) => {
      const missing = async <T extends { code: string }>(entity: new () => unknown, rows: T[]): Promise<T[]> => {
        const have = new Set<string>();
        for (let i = 0; i < rows.length; i += SEED_CHUNK) {
          const codes = rows.slice(i, i + SEED_CHUNK).map((r) => r.code);
          const found = (await m
            .getRepository(entity)
            .find({ select: { code: true } as never, where: { code: In(codes) } as never })) as {
            code: string;
          }[];
          for (const f of found) have.add(f.code);
        }
        return rows.filter((r) => !have.has(r.code));
      };
      const domains = await missing(DomainEntity, input.domains);
      const scopes = orderParentsFirst(await missing(ScopeEntity, input.scopes));
      const indicators = await missing(IndicatorEntity, input.indicators);
      for (let i = 0; i < domains.length; i += SEED_CHUNK) {
        await m
          .getRepository(DomainEntity)
          .insert(domains.slice(i, i + SEED_CHUNK).map((d) => ({ code: d.code, name: d.name })));
      }
      for (const s of scopes)
        await m.getRepository(ScopeEntity).insert({ code: s.code, name: s.name, parentCode: s.parent });
      for (let i = 0; i < indicators.length; i += SEED_CHUNK) {
        await m
          .getRepository(IndicatorEntity)
          .insert(indicators.slice(i, i + SEED_CHUNK).map((x) => this.indicatorEntity(x.code, x)));
      }
      return { domains: domains.length, scopes: scopes.length, indicators: indicators.length };
    });
    if (counts.domains + counts.scopes + counts.indicators > 0) await this.changed();
    return counts;
  }

  private async checkDomain(domain: string): Promise<void> {
    if (!(await this.db.getRepository(DomainEntity).existsBy({ code: domain }))) {
      throw new BadRequestException(`domain: unknown domain "${domain}"`);
    }
  }

  private indicatorEntity(code: string, input: IndicatorInput): IndicatorEntity {
    const e = new IndicatorEntity();
    e.code = code;
    e.domainCode = input.domain;
    e.name = input.name;
    e.unit = input.unit;
    e.direction = input.direction ?? null;
    e.target = input.target ?? null;
    e.retentionDays = input.retentionDays ?? null;
    e.period = input.period ?? 'none';
    e.timeAgg = input.timeAgg ?? null;
    e.scopeAgg = input.scopeAgg ?? null;
    e.dueDays = input.dueDays ?? null;
    return e;
  }

  private async changed(): Promise<void> {
    await this.cache.refresh();
    this.cache.announce();
  }
}

/** Applies an input's shape and tile to an entity: undefined keeps, null clears, a value is checked and set. */
function setMapFields(e: ScopeEntity, input: { shape?: ScopeShape | null; tile?: ScopeTile | null }): void {
  if (input.shape === null) e.shape = null;
  else if (input.shape !== undefined) {
    // The HTTP body was checked already; this keeps other callers (seeds) to the same rules and stores
    // the shape in its checked form (no altitude, no bbox).
    const checked = checkScopeShape(input.shape);
    if (checked.error !== undefined) throw new BadRequestException(`shape: ${checked.error}`);
    e.shape = checked.shape;
  }
  if (input.tile === null) [e.tileRow, e.tileCol] = [null, null];
  else if (input.tile !== undefined) [e.tileRow, e.tileCol] = [input.tile.row, input.tile.col];
}

function withShape(e: ScopeEntity): ScopeInfo {
  const info = toScopeInfo(e);
  if (e.shape) info.shape = e.shape;
  return info;
}

/** Scopes sorted so that a parent is inserted before its children. */
function orderParentsFirst(scopes: ScopeInfo[]): ScopeInfo[] {
  const byCode = new Map(scopes.map((s) => [s.code, s]));
  const out: ScopeInfo[] = [];
  const done = new Set<string>();
  const visit = (s: ScopeInfo, depth: number) => {
    if (done.has(s.code) || depth > 64) return;
    const parent = s.parent ? byCode.get(s.parent) : undefined;
    if (parent) visit(parent, depth + 1);
    done.add(s.code);
    out.push(s);
  };
  for (const s of scopes) visit(s, 0);
  return out;
}
