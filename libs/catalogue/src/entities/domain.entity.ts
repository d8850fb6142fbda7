import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('domains')
export class DomainEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;
}
