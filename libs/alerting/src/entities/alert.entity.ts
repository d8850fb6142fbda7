import type { AlertState, Severity } from '@app/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MS } from '@app/database';

/** Every alert ever fired, kept with its transitions' times (ids sort by firing time: newest first = id desc). */
@Entity('alerts')
@Index(['state'])
@Index(['indicator', 'scope'])
export class AlertEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 36 })
  ruleId: string;

  @Column({ type: 'varchar', length: 64 })
  indicator: string;

  @Column({ type: 'varchar', length: 32 })
  scope: string;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  @Column({ type: 'varchar', length: 16 })
  state: AlertState;

  /** The value that fired it (then the latest value seen at each transition). */
  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'double precision' })
  threshold: number;

  @Column({ name: 'fired_at', type: 'bigint', transformer: MS })
  firedAt: number;

  @Column({ name: 'resolved_at', type: 'bigint', nullable: true, transformer: MS })
  resolvedAt: number | null;

  @Column({ name: 'acknowledged_at', type: 'bigint', nullable: true, transformer: MS })
  acknowledgedAt: number | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 200, nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'reason_vi', type: 'text' })
  reasonVi: string;

  @Column({ name: 'reason_en', type: 'text' })
  reasonEn: string;

  @Column({ type: 'boolean', default: false })
  silenced: boolean;

  /** Renotifications sent so far while firing unacknowledged. */
  @Column({ name: 'renotify_round', type: 'integer', default: 0 })
  renotifyRound: number;

  /** When the rule's escalation channels were told (once). */
  @Column({ name: 'escalated_at', type: 'bigint', nullable: true, transformer: MS })
  escalatedAt: number | null;
}
