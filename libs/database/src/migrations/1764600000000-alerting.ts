import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const ms = (name: string, isNullable = false) => ({ name, type: 'bigint', isNullable });

/** Alert rules, alerts, their delivery ledger and silences. Table API: runs on SQLite and PostgreSQL. */
export class Alerting1764600000000 implements MigrationInterface {
  name = 'Alerting1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'alert_rules',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'indicator', type: 'varchar', length: '64' },
          { name: 'scope', type: 'varchar', length: '32', isNullable: true },
          { name: 'condition', type: 'text' },
          { name: 'severity', type: 'varchar', length: '16' },
          { name: 'for_seconds', type: 'integer', default: 0 },
          { name: 'renotify_seconds', type: 'integer', isNullable: true },
          { name: 'channels', type: 'text' },
          { name: 'escalate', type: 'text', isNullable: true },
          { name: 'enabled', type: 'boolean', default: true },
          ms('created_at'),
          { name: 'created_by', type: 'varchar', length: '200', isNullable: true },
        ],
        indices: [new TableIndex({ columnNames: ['indicator'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alerts',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'rule_id', type: 'varchar', length: '36' },
          { name: 'indicator', type: 'varchar', length: '64' },
          { name: 'scope', type: 'varchar', length: '32' },
          { name: 'severity', type: 'varchar', length: '16' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'value', type: 'double precision' },
          { name: 'threshold', type: 'double precision' },
          ms('fired_at'),
          ms('resolved_at', true),
          ms('acknowledged_at', true),
          { name: 'acknowledged_by', type: 'varchar', length: '200', isNullable: true },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'reason_vi', type: 'text' },
          { name: 'reason_en', type: 'text' },
          { name: 'silenced', type: 'boolean', default: false },
          { name: 'renotify_round', type: 'integer', default: 0 },
          ms('escalated_at', true),
        ],
        indices: [
          new TableIndex({ columnNames: ['state'] }),
          new TableIndex({ columnNames: ['indicator', 'scope'] }),
          new TableIndex({ columnNames: ['rule_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert_deliveries',
        columns: [
          { name: 'id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'alert_id', type: 'varchar', length: '32' },
          { name: 'delivery_id', type: 'varchar', length: '190' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'purpose', type: 'varchar', length: '16' },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'to_address', type: 'varchar', length: '500' },
          { name: 'try', type: 'integer' },
          ms('at'),
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'error', type: 'text', isNullable: true },
          ms('next_try_at', true),
        ],
        indices: [new TableIndex({ columnNames: ['alert_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'silences',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'indicator', type: 'varchar', length: '64', isNullable: true },
          { name: 'scope', type: 'varchar', length: '32', isNullable: true },
          { name: 'rule_id', type: 'varchar', length: '36', isNullable: true },
          ms('starts_at'),
          ms('ends_at'),
          { name: 'comment', type: 'text' },
          { name: 'created_by', type: 'varchar', length: '200' },
          ms('created_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['silences', 'alert_deliveries', 'alerts', 'alert_rules']) await q.dropTable(t);
  }
}
