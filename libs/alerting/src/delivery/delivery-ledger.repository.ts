import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { DeliveryTry } from '@app/contracts';
import { Repository } from 'typeorm';
import { AlertDeliveryEntity } from '../entities/alert-delivery.entity';

/** One row of the ledger: one try of one delivery (or a digest's try, once per alert it lists). */
export type LedgerRow = AlertDeliveryEntity;

/** The delivery ledger (table alert_deliveries): every try of every channel, for "did they get it?". */
@Injectable()
export class DeliveryLedger {
  constructor(@InjectRepository(AlertDeliveryEntity) private readonly rows: Repository<AlertDeliveryEntity>) {}

  /** Records tries; a try recorded again (a job run twice after a crash) replaces its row. */
  async record(rows: LedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.rows.upsert(rows, ['id']);
  }

  /** Every try for an alert, oldest first. */
  async ofAlert(alertId: string): Promise<DeliveryTry[]> {
    const rows = await this.rows.find({ where: { alertId }, order: { at: 'ASC', try: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({
      channel: r.channel,
      to: r.to,
      try: r.try,
      at: r.at,
      status: r.status,
      ...(r.error !== null ? { error: r.error } : {}),
      ...(r.nextTryAt !== null ? { nextTryAt: r.nextTryAt } : {}),
      state: r.state,
      purpose: r.purpose,
      deliveryId: r.deliveryId,
    }));
  }
}
