import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type {
  Condition,
  DeletionPolicy,
  DriftPolicy,
  IsolationModel,
  MachineClient,
  MfaMode,
  OAuthScope,
  PasswordPolicy,
  ResourceServer,
  RiskConfiguration,
  TenantStatus,
  ThreatProtectionMode,
} from '@idplane/tenancy';

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

  @Column({ type: 'varchar', length: 30 })
  region!: string;

  @Column({ type: 'boolean' })
  suspended!: boolean;

  @Column({ name: 'shared_pool_shard', type: 'integer', nullable: true })
  sharedPoolShard!: number | null;

  @Column({ name: 'deletion_policy', type: 'varchar', length: 10 })
  deletionPolicy!: DeletionPolicy;

  @Column({ name: 'drift_policy', type: 'varchar', length: 20 })
  driftPolicy!: DriftPolicy;

  @Column({ name: 'callback_urls', type: 'jsonb' })
  callbackUrls!: string[];

  @Column({ name: 'logout_urls', type: 'jsonb' })
  logoutUrls!: string[];

  @Column({ name: 'oauth_scopes', type: 'jsonb' })
  oauthScopes!: OAuthScope[];

  @Column({ name: 'password_policy', type: 'jsonb' })
  passwordPolicy!: PasswordPolicy;

  @Column({ type: 'varchar', length: 10 })
  mfa!: MfaMode;

  @Column({ name: 'threat_protection', type: 'varchar', length: 10 })
  threatProtection!: ThreatProtectionMode;

  @Column({ name: 'deletion_protection', type: 'boolean' })
  deletionProtection!: boolean;

  @Column({ name: 'resource_servers', type: 'jsonb', default: () => "'[]'::jsonb" })
  resourceServers!: ResourceServer[];

  @Column({ name: 'machine_clients', type: 'jsonb', default: () => "'[]'::jsonb" })
  machineClients!: MachineClient[];

  @Column({ name: 'risk_configuration', type: 'jsonb', nullable: true })
  riskConfiguration!: RiskConfiguration | null;

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
