import type { EntityManager } from 'typeorm';
import { SHARED_POOL_SHARD_LOCK_PREFIX, SHARED_POOL_SHARDS_LOCK_PREFIX } from '@idplane/tenancy';

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
  // Region and model never change, so they may be read in the statement that takes the region's lock.
  const [tenant]: { region: string; isolation_model: string }[] = await em.query(
    `SELECT region, isolation_model,
            CASE WHEN isolation_model = 'SHARED_POOL'
                 THEN pg_advisory_xact_lock_shared(hashtextextended($2 || region, 0)) END AS locked
     FROM tenants WHERE id = $1`,
    [tenantId, SHARED_POOL_SHARDS_LOCK_PREFIX],
  );
  if (tenant?.isolation_model !== 'SHARED_POOL') return null;
  // The shard is read by a statement of its own, whose snapshot is taken after the region's lock was granted: a
  // placement that just committed is seen, and none can run until this commits. It takes the shard's lock too.
  const [placed]: { shard: number | null }[] = await em.query(
    `SELECT shared_pool_shard AS shard,
            CASE WHEN shared_pool_shard IS NOT NULL
                 THEN pg_advisory_xact_lock(hashtextextended($2 || region || ':' || shared_pool_shard, 0)) END AS locked
     FROM tenants WHERE id = $1`,
    [tenantId, SHARED_POOL_SHARD_LOCK_PREFIX],
  );
  return placed.shard === null ? null : { region: tenant.region, shard: placed.shard };
}
