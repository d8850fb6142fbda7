import type { ScopeShape } from '@app/contracts';
import { JSON_TEXT } from '@app/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('scopes')
export class ScopeEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 32, nullable: true })
  parentCode: string | null;

  /** The outline (GeoJSON Polygon or MultiPolygon), checked on the way in; not kept in the catalogue cache. */
  @Column({ type: 'text', nullable: true, transformer: JSON_TEXT })
  shape: ScopeShape | null;

  /** Place in the schematic tile grid of the scope's siblings: both set or both null. */
  @Column({ name: 'tile_row', type: 'integer', nullable: true })
  tileRow: number | null;

  @Column({ name: 'tile_col', type: 'integer', nullable: true })
  tileCol: number | null;
}
