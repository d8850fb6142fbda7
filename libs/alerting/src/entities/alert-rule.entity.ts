import type { AlertChannel, AlertCondition, AlertEscalation, Severity } from '@app/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JSON_TEXT, MS } from '@app/database';

@Entity('alert_rules')
@Index(['indicator'])
export class AlertRuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  indicator: string;

  /** Null: every scope of the indicator. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  scope: string | null;

  @Column({ type: 'text', transformer: JSON_TEXT })
  condition: AlertCondition;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  @Column({ name: 'for_seconds', type: 'integer', default: 0 })
  forSeconds: number;

  @Column({ name: 'renotify_seconds', type: 'integer', nullable: true })
  renotifySeconds: number | null;

  @Column({ type: 'text', transformer: JSON_TEXT })
  channels: AlertChannel[];

  @Column({ type: 'text', nullable: true, transformer: JSON_TEXT })
  escalate: AlertEscalation | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: MS })
  createdAt: number;

  /** The key name that created it. */
  @Column({ name: 'created_by', type: 'varchar', length: 200, nullable: true })
  createdBy: string | null;
}
