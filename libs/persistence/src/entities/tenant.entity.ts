import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Condition, IsolationModel, TenantStatus } from '@idplane/tenancy';

@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 40, unique: true })
  slug!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ name: 'isolation_model', type: 'varchar', length: 20 })
  isolationModel!: IsolationModel;

  @Column({ type: 'varchar', length: 20 })
  status!: TenantStatus;

  @Column({ type: 'integer' })
  generation!: number;

  @Column({ name: 'observed_generation', type: 'integer' })
  observedGeneration!: number;

  @Column({ type: 'jsonb' })
  conditions!: Condition[];

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'cognito_user_pool_id', type: 'varchar', length: 64, nullable: true })
  cognitoUserPoolId!: string | null;

  @Column({ name: 'cognito_app_client_id', type: 'varchar', length: 128, nullable: true })
  cognitoAppClientId!: string | null;

  @Column({ name: 'cognito_issuer', type: 'varchar', length: 512, nullable: true })
  cognitoIssuer!: string | null;

  @Column({ name: 'cognito_domain', type: 'varchar', length: 255, nullable: true })
  cognitoDomain!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
