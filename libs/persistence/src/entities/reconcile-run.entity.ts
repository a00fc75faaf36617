import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One reconcile (or drift observation) of one tenant: what was planned, the calls made and how it ended. */
@Entity({ name: 'reconcile_runs' })
export class ReconcileRunEntity {
  // The reconciler chooses the id up front so that every log line of the run can carry it.
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 20 })
  trigger!: string;

  @Column({ type: 'integer' })
  generation!: number;

  @Column({ type: 'varchar', length: 30 })
  outcome!: string;

  @Column({ type: 'jsonb' })
  plan!: unknown[];

  @Column({ type: 'jsonb' })
  calls!: Record<string, number>;

  @Column({ name: 'mutating_calls', type: 'integer' })
  mutatingCalls!: number;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
