import { MigrationInterface, QueryRunner } from 'typeorm';

export class ManagedCognitoResources1764530000000 implements MigrationInterface {
  name = 'ManagedCognitoResources1764530000000';

  async up(q: QueryRunner): Promise<void> {
    // The reconciler's inventory of the groups and IdPs it created per tenant (Cognito can tag neither): a name is
    // written before its Create call and removed once a run deleted it, so nothing it made can be orphaned.
    await q.query(`
      CREATE TABLE managed_cognito_resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL,
        name varchar(128) NOT NULL,
        secret_fingerprint varchar(64),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT managed_cognito_resources_kind_check CHECK (kind IN ('Group', 'IdentityProvider')),
        CONSTRAINT managed_cognito_resources_unique UNIQUE (tenant_id, kind, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE managed_cognito_resources`);
  }
}
