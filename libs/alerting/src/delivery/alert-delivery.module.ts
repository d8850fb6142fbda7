import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '@app/contracts';
import { logConnectionErrors } from '@app/redis';
import type { Queue } from 'bullmq';
import { AlertDeliveryEntity } from '../entities/alert-delivery.entity';
import { AlertDeliveryProcessor } from './alert-delivery.processor';
import { AlertDelivery, DELIVERY_RETRY_DELAYS } from './alert-delivery.service';
import { ChannelCapStore } from './channel-cap.store';
import { DeliveryLedger } from './delivery-ledger.repository';
import { DeliveryRunner } from './delivery-runner.service';
import { EmailSender } from './email.sender';
import { HttpSender } from './http.sender';
import { DELIVERY_RETRY_DELAYS_MS } from './retry-schedule.util';
import { WebhookSender } from './webhook.sender';

/**
 * The producer side of alert delivery, for whoever decides to tell channels (evaluation,
 * acknowledgement, renotify and escalation) and whoever shows the ledger: AlertDelivery, the delivery
 * queue, the ledger. Needs, once per process: ConfigModule, RedisModule, QueueModule, DatabaseModule.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.alertDelivery }), TypeOrmModule.forFeature([AlertDeliveryEntity])],
  providers: [
    // As soon as the queue exists (AlertDelivery waits for the database; a Redis error before then
    // would be printed raw by BullMQ).
    {
      provide: 'ALERT_DELIVERY_QUEUE_ERRORS',
      inject: [getQueueToken(QUEUES.alertDelivery)],
      useFactory: (queue: Queue) => {
        logConnectionErrors(queue, 'alert delivery queue');
        return true;
      },
    },
    AlertDelivery,
    ChannelCapStore,
    DeliveryLedger,
    { provide: DELIVERY_RETRY_DELAYS, useValue: DELIVERY_RETRY_DELAYS_MS },
  ],
  exports: [BullModule, AlertDelivery, ChannelCapStore, DeliveryLedger, DELIVERY_RETRY_DELAYS],
})
export class AlertDeliveryModule {}

/** The sending side (a worker process): the delivery queue's processor, its senders and ledger writes. */
@Module({
  imports: [AlertDeliveryModule],
  providers: [AlertDeliveryProcessor, DeliveryRunner, WebhookSender, EmailSender, HttpSender],
  exports: [WebhookSender, EmailSender, HttpSender],
})
export class AlertDeliveryWorkerModule {}
