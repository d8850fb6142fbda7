import type { PeriodKind, ScopeAgg, TimeAgg } from '@app/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('indicators')
export class IndicatorEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ name: 'domain_code', type: 'varchar', length: 32 })
  domainCode: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'varchar', length: 50 })
  unit: string;

  @Column({ type: 'varchar', length: 4, nullable: true })
  direction: 'up' | 'down' | null;

  @Column({ type: 'double precision', nullable: true })
  target: number | null;

  @Column({ name: 'retention_days', type: 'integer', nullable: true })
  retentionDays: number | null;

  @Column({ type: 'varchar', length: 8, default: 'none' })
  period: PeriodKind;

  @Column({ name: 'time_agg', type: 'varchar', length: 4, nullable: true })
  timeAgg: TimeAgg | null;

  @Column({ name: 'scope_agg', type: 'varchar', length: 4, nullable: true })
  scopeAgg: ScopeAgg | null;

  @Column({ name: 'due_days', type: 'integer', nullable: true })
  dueDays: number | null;
}
