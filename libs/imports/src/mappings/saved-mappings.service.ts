import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueCache } from '@app/catalogue';
import type { ImportMapping, KeyPrincipal, NgsiMapping, SavedMapping, SavedMappingKind } from '@app/contracts';
import { DataSource } from 'typeorm';
import { SavedMappingEntity } from '../entities';
import { validateImportMapping } from './import-mapping.util';
import { isPlainObject, type MappingCatalogue, MappingProblem, onlyKnownKeys } from './mapping-problem.error';
import { validateNgsiMapping } from './ngsi-mapping.util';

/** Names of saved mappings: what a mapping field of an import or a URL may carry. */
export const MAPPING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const KINDS: readonly SavedMappingKind[] = ['import', 'ngsi'];

/** Mappings saved by name (`/api/v1/mappings`): file-import column mappings and NGSI entity-type mappings. */
@Injectable()
export class SavedMappings {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueCache,
  ) {}

  private get repo() {
    return this.db.getRepository(SavedMappingEntity);
  }

  /** The catalogue checks a mapping's constants are made against. */
  get checks(): MappingCatalogue {
    return {
      indicatorExists: (c) => this.catalogue.indicator(c) !== undefined,
      scopeExists: (c) => this.catalogue.scope(c) !== undefined,
    };
  }

  async create(body: unknown, principal: KeyPrincipal): Promise<SavedMapping> {
    if (!isPlainObject(body)) throw new BadRequestException('the body must be a JSON object {name, kind, mapping}');
    try {
      onlyKnownKeys(body, ['name', 'kind', 'mapping'], 'body');
    } catch (err) {
      throw new BadRequestException((err as Error).message);
    }
    const { name, kind } = body;
    if (typeof name !== 'string' || !MAPPING_NAME.test(name)) {
      throw new BadRequestException(
        'name: required, 1 to 100 letters, digits, . _ or - (starting with a letter or digit)',
      );
    }
    if (kind !== 'import' && kind !== 'ngsi') throw new BadRequestException(`kind: must be one of ${KINDS.join(', ')}`);
    const mapping = this.validate(kind, body.mapping);
    const entityType = kind === 'ngsi' ? (mapping as NgsiMapping).entityType : null;
    if (await this.repo.existsBy({ name })) {
      throw new ConflictException(
        `a mapping named "${name}" exists: DELETE /api/v1/mappings/${name} first, or choose another name`,
      );
    }
    if (entityType) {
      const other = await this.repo.findOneBy({ entityType });
      if (other) {
        throw new ConflictException(
          `mapping.entityType: the saved mapping "${other.name}" already maps entity type "${entityType}"`,
        );
      }
    }
    const row = this.repo.create({ name, kind, entityType, mapping, createdBy: principal.name, createdAt: Date.now() });
    await this.repo.insert(row);
    return toSaved(row);
  }

  /** A mapping of this kind, checked, or a 400 that says what is wrong with it. */
  validate(kind: SavedMappingKind, raw: unknown): ImportMapping | NgsiMapping {
    if (raw === undefined) throw new BadRequestException('mapping: required');
    try {
      return kind === 'import' ? validateImportMapping(raw, this.checks) : validateNgsiMapping(raw, this.checks);
    } catch (err) {
      if (err instanceof MappingProblem) throw new BadRequestException(err.message);
      throw err;
    }
  }

  async list(): Promise<SavedMapping[]> {
    return (await this.repo.find({ order: { name: 'ASC' } })).map(toSaved);
  }

  async get(name: string): Promise<SavedMapping> {
    const row = MAPPING_NAME.test(name) ? await this.repo.findOneBy({ name }) : null;
    if (!row) throw new NotFoundException(`no saved mapping named "${name}"`);
    return toSaved(row);
  }

  async remove(name: string): Promise<void> {
    const r = MAPPING_NAME.test(name) ? await this.repo.delete({ name }) : { affected: 0 };
    if (!r.affected) throw new NotFoundException(`no saved mapping named "${name}"`);
  }

  /** The saved import mapping of this name, or a 400 (an import's `mapping` field names it). */
  async importMapping(name: string): Promise<ImportMapping> {
    const row = MAPPING_NAME.test(name) ? await this.repo.findOneBy({ name }) : null;
    if (!row)
      throw new BadRequestException(
        `mapping: no saved mapping named "${name}" (GET /api/v1/mappings lists them), and not a JSON object`,
      );
    if (row.kind !== 'import')
      throw new BadRequestException(`mapping: "${name}" is a mapping of kind ${row.kind}, not import`);
    return row.mapping as ImportMapping;
  }

  /** The saved NGSI mappings by entity type (read per notification: a handful of rows). */
  async ngsiByType(): Promise<Map<string, NgsiMapping>> {
    const rows = await this.repo.findBy({ kind: 'ngsi' });
    return new Map(rows.map((r) => [r.entityType!, r.mapping as NgsiMapping]));
  }
}

function toSaved(row: SavedMappingEntity): SavedMapping {
  return {
    name: row.name,
    kind: row.kind,
    mapping: row.mapping as ImportMapping | NgsiMapping,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}
