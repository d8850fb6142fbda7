import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The year's plan (target) of a period indicator in one scope. */
@Entity('plans')
export class PlanEntity {
  @PrimaryColumn({ name: 'indicator_code', type: 'varchar', length: 64 })
  indicatorCode: string;

  @PrimaryColumn({ name: 'scope_code', type: 'varchar', length: 32 })
  scopeCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 200 })
  updatedBy: string;

  @Column({
    name: 'updated_at',
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  updatedAt: number;
}
