import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MS } from '@app/database';

@Entity('silences')
export class SilenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  indicator: string | null;

  /** The scope and its descendants; null: every scope (not allowed to district keys). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  scope: string | null;

  @Column({ name: 'rule_id', type: 'varchar', length: 36, nullable: true })
  ruleId: string | null;

  @Column({ name: 'starts_at', type: 'bigint', transformer: MS })
  startsAt: number;

  @Column({ name: 'ends_at', type: 'bigint', transformer: MS })
  endsAt: number;

  @Column({ type: 'text' })
  comment: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: MS })
  createdAt: number;
}
