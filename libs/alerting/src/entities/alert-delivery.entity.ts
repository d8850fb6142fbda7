import type { AlertState, DeliveryStatus } from '@app/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MS } from '@app/database';

/** One try of one channel for one transition of an alert: the delivery ledger. */
@Entity('alert_deliveries')
@Index(['alertId'])
export class AlertDeliveryEntity {
  /** `${deliveryId}#${try}`: a try recorded twice (a crash between send and record) stays one row. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id: string;

  @Column({ name: 'alert_id', type: 'varchar', length: 32 })
  alertId: string;

  /** The X-IOC-Delivery id: the same on every try of one (alert, state, purpose, channel). */
  @Column({ name: 'delivery_id', type: 'varchar', length: 190 })
  deliveryId: string;

  /** The alert's state this delivery announces. */
  @Column({ type: 'varchar', length: 16 })
  state: AlertState;

  /** `transition`, `renotify`, `escalation` or `digest`. */
  @Column({ type: 'varchar', length: 16 })
  purpose: string;

  /** Channel type: `webhook`, `email`, `http`. */
  @Column({ type: 'varchar', length: 16 })
  channel: string;

  /** URL or address (never a secret). */
  @Column({ name: 'to_address', type: 'varchar', length: 500 })
  to: string;

  @Column({ type: 'integer' })
  try: number;

  @Column({ type: 'bigint', transformer: MS })
  at: number;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'next_try_at', type: 'bigint', nullable: true, transformer: MS })
  nextTryAt: number | null;
}
