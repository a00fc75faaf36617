import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resource servers, machine-to-machine clients and the web client's risk configuration in the tenant spec, and the
 * inventory kinds the reconciler records for them. A machine client's id is kept in the inventory so that a run
 * reads it with one Describe; only a client created by a run that crashed before recording the id is searched for
 * by name. Client secrets are never stored: Cognito generates them and keeps the only copy.
 */
export class TenantMachineAccess1764600000000 implements MigrationInterface {
  name = 'TenantMachineAccess1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenants
        ADD COLUMN resource_servers jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN machine_clients jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN risk_configuration jsonb`);
    await q.query(`ALTER TABLE managed_cognito_resources ADD COLUMN cognito_id varchar(128)`);
    await q.query(`ALTER TABLE managed_cognito_resources ALTER COLUMN name TYPE varchar(256)`);
    await q.query(
      `ALTER TABLE managed_cognito_resources DROP CONSTRAINT managed_cognito_resources_kind_check`,
    );
    await q.query(`
      ALTER TABLE managed_cognito_resources ADD CONSTRAINT managed_cognito_resources_kind_check
        CHECK (kind IN ('Group', 'IdentityProvider', 'ResourceServer', 'MachineClient'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM managed_cognito_resources WHERE kind IN ('ResourceServer', 'MachineClient')`);
    await q.query(
      `ALTER TABLE managed_cognito_resources DROP CONSTRAINT managed_cognito_resources_kind_check`,
    );
    await q.query(`
      ALTER TABLE managed_cognito_resources ADD CONSTRAINT managed_cognito_resources_kind_check
        CHECK (kind IN ('Group', 'IdentityProvider'))`);
    await q.query(`ALTER TABLE managed_cognito_resources ALTER COLUMN name TYPE varchar(128)`);
    await q.query(`ALTER TABLE managed_cognito_resources DROP COLUMN cognito_id`);
    await q.query(`
      ALTER TABLE tenants
        DROP COLUMN risk_configuration,
        DROP COLUMN machine_clients,
        DROP COLUMN resource_servers`);
  }
}
