import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const ms = (name: string, isNullable = false) => ({ name, type: 'bigint', isNullable });

/** Saved mappings (file imports, NGSI) and file imports' progress. Table API: runs on SQLite and PostgreSQL. */
export class Imports1765100000000 implements MigrationInterface {
  name = 'Imports1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'saved_mappings',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'entity_type', type: 'varchar', length: '256', isNullable: true },
          { name: 'mapping', type: 'text' },
          { name: 'created_by', type: 'varchar', length: '200' },
          ms('created_at'),
        ],
        indices: [new TableIndex({ columnNames: ['entity_type'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'import_runs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'file_name', type: 'varchar', length: '300' },
          { name: 'format', type: 'varchar', length: '8' },
          { name: 'mapping', type: 'text' },
          { name: 'rows', type: 'integer', default: 0 },
          { name: 'accepted', type: 'integer', default: 0 },
          { name: 'rejected_count', type: 'integer', default: 0 },
          { name: 'rejected', type: 'text' },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'key_id', type: 'varchar', length: '64' },
          { name: 'created_by', type: 'varchar', length: '200' },
          ms('started_at'),
          ms('finished_at', true),
          ms('heartbeat_at'),
        ],
        indices: [new TableIndex({ columnNames: ['state'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['import_runs', 'saved_mappings']) await q.dropTable(t);
  }
}
