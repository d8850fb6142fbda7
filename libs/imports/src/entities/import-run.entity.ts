import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ImportState, RejectedRow } from '@app/contracts';
import { JSON_TEXT, MS } from '@app/database';

/** One file import: its progress, written by the process that runs it (heartbeat) and read by any. */
@Entity('import_runs')
export class ImportRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  state: ImportState;

  @Column({ name: 'file_name', type: 'varchar', length: 300 })
  fileName: string;

  @Column({ type: 'varchar', length: 8 })
  format: 'csv' | 'xlsx';

  @Column({ type: 'text', transformer: JSON_TEXT })
  mapping: object;

  @Column({ type: 'integer', default: 0 })
  rows: number;

  @Column({ type: 'integer', default: 0 })
  accepted: number;

  @Column({ name: 'rejected_count', type: 'integer', default: 0 })
  rejectedCount: number;

  /** The first rejected rows (MAX_LISTED_REJECTIONS), as JSON. */
  @Column({ type: 'text', transformer: JSON_TEXT })
  rejected: RejectedRow[];

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The importing key's id (another non-admin key does not see the import). */
  @Column({ name: 'key_id', type: 'varchar', length: 64 })
  keyId: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ name: 'started_at', type: 'bigint', transformer: MS })
  startedAt: number;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: MS })
  finishedAt: number | null;

  /** Last sign of life of the running process; a running import without one for long has failed. */
  @Column({ name: 'heartbeat_at', type: 'bigint', transformer: MS })
  heartbeatAt: number;
}
