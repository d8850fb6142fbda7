import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LIVE_ACTIVE_ALERTS, LiveBusModule } from '@app/live';
import { PointListeners } from '@app/pipeline';
import { TimeseriesModule } from '@app/timeseries';
import { ALERT_NOTIFIER } from './alerts/alert-notifier';
import { AlertDelivery } from './delivery/alert-delivery.service';
import { AlertDeliveryModule, AlertDeliveryWorkerModule } from './delivery/alert-delivery.module';
import { AlertRecorder } from './alerts/alert-recorder.service';
import { AlertingMetrics } from './alerts/alerting.metrics';
import { AlertRulesController, AlertsController, SilencesController } from './alerts/alerting.controllers';
import { AlertsService } from './alerts/alerts.service';
import { ALERTING_ENTITIES } from './entities';
import { AlertEvaluator } from './evaluation/alert-evaluator.service';
import { AlertSweeper } from './evaluation/alert-sweeper.service';
import { AlertRules } from './rules/alert-rules.service';
import { Silences } from './silences/silences.service';
import { AlertStateStore } from './state/alert-state.store';

/** Alerting for every process: rules and silences (cached), the state machine, the recorder. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ALERTING_ENTITIES), LiveBusModule, AlertDeliveryModule],
  providers: [
    AlertRules,
    Silences,
    AlertStateStore,
    AlertRecorder,
    AlertsService,
    AlertingMetrics,
    { provide: ALERT_NOTIFIER, useExisting: AlertDelivery },
    { provide: LIVE_ACTIVE_ALERTS, useExisting: AlertsService },
  ],
  exports: [AlertRules, Silences, AlertStateStore, AlertRecorder, AlertsService, LIVE_ACTIVE_ALERTS],
})
export class AlertingModule {}

/** The alerting HTTP API: rules, alerts, silences. */
@Module({ controllers: [AlertRulesController, AlertsController, SilencesController] })
export class AlertingApiModule {}

/**
 * Evaluation, in the processes that store points: after each batch (a point listener) and
 * periodically; and the delivery queue's processor (channels are told from worker processes).
 */
@Module({
  imports: [TimeseriesModule, AlertDeliveryWorkerModule],
  providers: [AlertEvaluator, AlertSweeper],
  exports: [AlertEvaluator],
})
export class AlertingWorkerModule implements OnModuleInit {
  constructor(
    private readonly listeners: PointListeners,
    private readonly evaluator: AlertEvaluator,
  ) {}

  onModuleInit(): void {
    this.listeners.add(this.evaluator);
  }
}
