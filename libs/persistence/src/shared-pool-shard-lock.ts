import type { EntityManager } from 'typeorm';
import { sharedPoolShardLockKey, sharedPoolShardsLockKey } from '@idplane/tenancy';

export interface LockedShard {
  region: string;
  shard: number;
}

/**
 * For a change that adds to a placed SHARED_POOL tenant's shard (an IdP, a resource server, a machine client): takes
 * the region's shard lock shared, which keeps placement out until commit, then the shard's own lock, so changes to
 * one shard are counted one at a time and changes to different shards don't wait for each other. Call it before the
 * tenant's row lock, as placement does, so the two never deadlock. Null (and no shard lock) for any other tenant:
 * an unplaced tenant's additions are counted by its placement.
 */
export async function lockShardOfSharedTenant(
  em: EntityManager,
  tenantId: string,
): Promise<LockedShard | null> {
  const [tenant]: { region: string; isolation_model: string }[] = await em.query(
    `SELECT region, isolation_model FROM tenants WHERE id = $1`,
    [tenantId],
  );
  if (tenant?.isolation_model !== 'SHARED_POOL') return null;
  await em.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`, [
    sharedPoolShardsLockKey(tenant.region),
  ]);
  // Read after the lock, in a statement of its own (its snapshot is taken then): a placement that just committed is
  // seen, and none can run until this commits.
  const [placed]: { shard: number | null }[] = await em.query(
    `SELECT shared_pool_shard AS shard FROM tenants WHERE id = $1`,
    [tenantId],
  );
  if (placed.shard === null) return null;
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    sharedPoolShardLockKey(tenant.region, placed.shard),
  ]);
  return { region: tenant.region, shard: placed.shard };
}
