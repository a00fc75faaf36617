import { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantIdentityPools1764490000000 implements MigrationInterface {
  name = 'TenantIdentityPools1764490000000';

  async up(q: QueryRunner): Promise<void> {
    // identity_pool is desired state (versioned with roles and mappings); identity_pool_id is what the worker made.
    await q.query(`
      ALTER TABLE tenant_access
        ADD COLUMN identity_pool jsonb,
        ADD COLUMN identity_pool_id varchar(55)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenant_access DROP COLUMN identity_pool, DROP COLUMN identity_pool_id`);
  }
}
