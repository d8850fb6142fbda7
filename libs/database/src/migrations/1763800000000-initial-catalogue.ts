import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Domains, scopes (a tree), indicators and API keys. Written with the Table API: runs on SQLite and PostgreSQL. */
export class InitialCatalogue1763800000000 implements MigrationInterface {
  name = 'InitialCatalogue1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'domains',
        columns: [
          { name: 'code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'scopes',
        columns: [
          { name: 'code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'parent_code', type: 'varchar', length: '32', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['parent_code'],
            referencedTableName: 'scopes',
            referencedColumnNames: ['code'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'indicators',
        columns: [
          { name: 'code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'domain_code', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '300' },
          { name: 'unit', type: 'varchar', length: '50' },
          { name: 'direction', type: 'varchar', length: '4', isNullable: true },
          { name: 'target', type: 'double precision', isNullable: true },
          { name: 'retention_days', type: 'integer', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['domain_code'],
            referencedTableName: 'domains',
            referencedColumnNames: ['code'],
          }),
        ],
        indices: [new TableIndex({ name: 'idx_indicators_domain', columnNames: ['domain_code'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'scopes', type: 'text', isNullable: true },
          { name: 'key_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'key_prefix', type: 'varchar', length: '16' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['api_keys', 'indicators', 'scopes', 'domains']) await q.dropTable(t);
  }
}
