import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** Scopes' map data: an outline (GeoJSON, as text) and a place in a tile grid. Table API: SQLite and PostgreSQL. */
export class ScopeMaps1765300000000 implements MigrationInterface {
  name = 'ScopeMaps1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('scopes', [
      new TableColumn({ name: 'shape', type: 'text', isNullable: true }),
      new TableColumn({ name: 'tile_row', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'tile_col', type: 'integer', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['tile_col', 'tile_row', 'shape']) await q.dropColumn('scopes', c);
  }
}
