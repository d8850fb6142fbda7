import type { SourceKind } from '@app/contracts';
import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** Epoch ms in a bigint column (PostgreSQL gives bigints back as strings). */
const MS: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};

/** JSON in a text column (the same on SQLite and PostgreSQL). */
const JSON_TEXT: ValueTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : JSON.parse(v)),
};

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
