import { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantSpecAndReconcileRuns1764390000000 implements MigrationInterface {
  name = 'TenantSpecAndReconcileRuns1764390000000';

  async up(q: QueryRunner): Promise<void> {
    // Existing rows were all provisioned in the install's default region before region was stored.
    await q.query(`
      ALTER TABLE tenants
        ADD COLUMN region varchar(30) NOT NULL DEFAULT 'us-east-1',
        ADD COLUMN suspended boolean NOT NULL DEFAULT false,
        ADD COLUMN deletion_policy varchar(10) NOT NULL DEFAULT 'DELETE',
        ADD COLUMN drift_policy varchar(20) NOT NULL DEFAULT 'CORRECT',
        ADD COLUMN callback_urls jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN logout_urls jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN oauth_scopes jsonb NOT NULL DEFAULT '["openid","email","profile"]'::jsonb,
        ADD COLUMN password_policy jsonb NOT NULL DEFAULT
          '{"minimumLength":8,"requireUppercase":true,"requireLowercase":true,"requireNumbers":true,"requireSymbols":true,"temporaryPasswordValidityDays":7}'::jsonb,
        ADD COLUMN mfa varchar(10) NOT NULL DEFAULT 'OFF',
        ADD COLUMN threat_protection varchar(10) NOT NULL DEFAULT 'OFF',
        ADD COLUMN deletion_protection boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT tenants_deletion_policy_check CHECK (deletion_policy IN ('DELETE', 'RETAIN')),
        ADD CONSTRAINT tenants_drift_policy_check CHECK (drift_policy IN ('CORRECT', 'REPORT_ONLY')),
        ADD CONSTRAINT tenants_mfa_check CHECK (mfa IN ('OFF', 'OPTIONAL', 'ON')),
        ADD CONSTRAINT tenants_threat_protection_check CHECK (threat_protection IN ('OFF', 'AUDIT', 'ENFORCED'))`);
    await q.query(`CREATE INDEX tenants_status_id_idx ON tenants (status, id)`);
    await q.query(`
      CREATE TABLE reconcile_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        trigger varchar(20) NOT NULL,
        generation integer NOT NULL,
        outcome varchar(30) NOT NULL,
        plan jsonb NOT NULL DEFAULT '[]'::jsonb,
        calls jsonb NOT NULL DEFAULT '{}'::jsonb,
        mutating_calls integer NOT NULL DEFAULT 0,
        duration_ms integer NOT NULL,
        error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX reconcile_runs_tenant_created_idx ON reconcile_runs (tenant_id, created_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconcile_runs`);
    await q.query(`DROP INDEX tenants_status_id_idx`);
    await q.query(`
      ALTER TABLE tenants
        DROP CONSTRAINT tenants_deletion_policy_check,
        DROP CONSTRAINT tenants_drift_policy_check,
        DROP CONSTRAINT tenants_mfa_check,
        DROP CONSTRAINT tenants_threat_protection_check,
        DROP COLUMN region, DROP COLUMN suspended, DROP COLUMN deletion_policy, DROP COLUMN drift_policy,
        DROP COLUMN callback_urls, DROP COLUMN logout_urls, DROP COLUMN oauth_scopes, DROP COLUMN password_policy,
        DROP COLUMN mfa, DROP COLUMN threat_protection, DROP COLUMN deletion_protection`);
  }
}
