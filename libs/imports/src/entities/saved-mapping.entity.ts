import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SavedMappingKind } from '@app/contracts';
import { JSON_TEXT, MS } from '@app/database';

@Entity('saved_mappings')
export class SavedMappingEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: SavedMappingKind;

  /** For kind `ngsi`: the entity type it maps (one saved mapping per type). */
  @Column({ name: 'entity_type', type: 'varchar', length: 256, nullable: true })
  entityType: string | null;

  @Column({ type: 'text', transformer: JSON_TEXT })
  mapping: object;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: MS })
  createdAt: number;
}
