import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

/** Indicators' statistics fields and yearly plans. Table API: runs on SQLite and PostgreSQL. */
export class Statistics1765200000000 implements MigrationInterface {
  name = 'Statistics1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('indicators', [
      new TableColumn({ name: 'period', type: 'varchar', length: '8', default: "'none'" }),
      new TableColumn({ name: 'time_agg', type: 'varchar', length: '4', isNullable: true }),
      new TableColumn({ name: 'scope_agg', type: 'varchar', length: '4', isNullable: true }),
      new TableColumn({ name: 'due_days', type: 'integer', isNullable: true }),
    ]);
    await q.createTable(
      new Table({
        name: 'plans',
        columns: [
          { name: 'indicator_code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'scope_code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'value', type: 'double precision' },
          { name: 'updated_by', type: 'varchar', length: '200' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('plans');
    for (const c of ['due_days', 'scope_agg', 'time_agg', 'period']) await q.dropColumn('indicators', c);
  }
}
