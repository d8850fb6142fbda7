import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ALERT_STATES, DELIVERY_STATUSES, SEVERITIES } from '@app/contracts';
import { Metrics } from '@app/metrics';
import { DataSource } from 'typeorm';
import { AlertDeliveryEntity, AlertEntity } from '../entities';

/** How far back `ioc_alert_deliveries` looks: deliveries whose latest try is at most this old. */
export const DELIVERIES_WINDOW_MS = 24 * 3_600_000;
/** The database is asked at most this often per process, and given up on after DB_TIMEOUT_MS. */
const CACHE_MS = 5000;
const DB_TIMEOUT_MS = 1500;

/**
 * Alerting's gauges, read from the database at scrape time (cached 5 s, given up after 1.5 s):
 * `ioc_alerts{state, severity}` and `ioc_alert_deliveries{status}`. Every combination is present
 * (0 when none), so a dashboard or a rule never sees a gap for "no firing alert".
 */
@Injectable()
export class AlertingMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge({
      name: 'ioc_alerts',
      help: 'Alerts in the database by state (firing, acknowledged, resolved) and severity',
      labelNames: ['state', 'severity'],
      cache: { ttlMs: CACHE_MS, timeoutMs: DB_TIMEOUT_MS },
      collect: () => this.alertsByState(),
    });
    this.metrics.gauge({
      name: 'ioc_alert_deliveries',
      help: 'Alert deliveries (one channel told of one alert change) tried in the last 24 h, by the status of their latest try: sent, retrying, dead, failed',
      labelNames: ['status'],
      cache: { ttlMs: CACHE_MS, timeoutMs: DB_TIMEOUT_MS },
      collect: () => this.deliveriesByStatus(Date.now() - DELIVERIES_WINDOW_MS),
    });
  }

  private async alertsByState() {
    const rows = await this.db
      .getRepository(AlertEntity)
      .createQueryBuilder('a')
      .select('a.state', 'state')
      .addSelect('a.severity', 'severity')
      .addSelect('COUNT(*)', 'n')
      .groupBy('a.state')
      .addGroupBy('a.severity')
      .getRawMany<{ state: string; severity: string; n: string | number }>();
    const count = (state: string, severity: string) =>
      Number(rows.find((r) => r.state === state && r.severity === severity)?.n ?? 0);
    return ALERT_STATES.flatMap((state) =>
      SEVERITIES.map((severity) => ({ labels: { state, severity }, value: count(state, severity) })),
    );
  }

  private async deliveriesByStatus(since: number) {
    // The latest try of each delivery (a digest has one per alert it lists): no later try of it exists.
    const rows = await this.db
      .getRepository(AlertDeliveryEntity)
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('d.at >= :since', { since })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM alert_deliveries later WHERE later.alert_id = d.alert_id ' +
          'AND later.delivery_id = d.delivery_id AND later.try > d.try)',
      )
      .groupBy('d.status')
      .getRawMany<{ status: string; n: string | number }>();
    return DELIVERY_STATUSES.map((status) => ({
      labels: { status },
      value: Number(rows.find((r) => r.status === status)?.n ?? 0),
    }));
  }
}
