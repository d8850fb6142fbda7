import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Sources that connectors collect from (HTTP polls, MQTT). Table API: runs on SQLite and PostgreSQL. */
export class Sources1765000000000 implements MigrationInterface {
  name = 'Sources1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sources',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'settings', type: 'text' },
          { name: 'secrets', type: 'text', isNullable: true },
          { name: 'paused', type: 'boolean', default: false },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
          { name: 'created_by', type: 'varchar', length: '200', isNullable: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sources');
  }
}
