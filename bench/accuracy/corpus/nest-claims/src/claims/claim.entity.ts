import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('claims')
export class ClaimEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'claim_number', unique: true })
  claimNumber!: string;

  @Column({ name: 'status', default: 'received' })
  status!: string;

  @Column({ name: 'total_charged_cents', type: 'integer', default: 0 })
  totalChargedCents!: number;

  @CreateDateColumn({ name: 'received_at' })
  receivedAt!: Date;
}
