import type { SourceKind } from '@app/contracts';
import { JSON_TEXT, MS } from '@app/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A source: its settings without secrets (`settings`, JSON) and its secrets sealed with AES-256-GCM
 * (`secrets`, see SecretBox). Run state (last run, counters, ETag) lives in Redis (SourceStateStore).
 */
@Entity('sources')
export class SourceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: SourceKind;

  @Column({ type: 'text', transformer: JSON_TEXT })
  settings: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  secrets: string | null;

  @Column({ type: 'boolean', default: false })
  paused: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: MS })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: MS })
  updatedAt: number;

  @Column({ name: 'created_by', type: 'varchar', length: 200, nullable: true })
  createdBy: string | null;
}

export const CONNECTORS_ENTITIES = [SourceEntity];
