import { MigrationInterface, QueryRunner } from 'typeorm';

export class SharedPoolShards1764450000000 implements MigrationInterface {
  name = 'SharedPoolShards1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants ADD COLUMN shared_pool_shard integer`);
    // Shared tenants provisioned before sharding all live in shard 0.
    await q.query(
      `UPDATE tenants SET shared_pool_shard = 0 WHERE isolation_model = 'SHARED_POOL' AND cognito_user_pool_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX tenants_shared_pool_shard_idx ON tenants (region, shared_pool_shard) WHERE isolation_model = 'SHARED_POOL'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tenants_shared_pool_shard_idx`);
    await q.query(`ALTER TABLE tenants DROP COLUMN shared_pool_shard`);
  }
}
