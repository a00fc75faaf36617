import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenantAccess1764420000000 implements MigrationInterface {
  name = 'CreateTenantAccess1764420000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per tenant that changed its roles or mappings; tenants without a row have the default roles.
    await q.query(`
      CREATE TABLE tenant_access (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL UNIQUE REFERENCES tenants (id) ON DELETE CASCADE,
        roles jsonb NOT NULL,
        mappings jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenant_access`);
  }
}
