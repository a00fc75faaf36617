/** What a shard holds now, counted over its tenants that are not DELETED. */
export interface ShardLoad {
  index: number;
  /** App clients in its pool: each tenant's web client plus its machine-to-machine clients. */
  appClients: number;
  /**
   * IdPs placement counts against the shard: per tenant, its identity providers or the per-tenant reservation,
   * whichever is more, so tenants placed but not yet onboarded still hold the room they will need.
   */
  identityProviders: number;
  /** Resource servers in its pool (Cognito keeps one list per pool: 25 by default). */
  resourceServers?: number;
}

/** What a tenant about to be placed brings. */
export interface PlacementDemand {
  appClients: number;
  identityProviders: number;
  resourceServers?: number;
}

export interface PlacementLimits {
  /** App clients a shard may hold after placement (below Cognito's 1,000 per pool, by the headroom). */
  appClientCapacity: number;
  /** IdPs a shard may hold after placement (below Cognito's 300 per pool, by the headroom). */
  identityProviderCapacity: number;
  /** Resource servers a pool may hold (Cognito's per-pool quota); unbounded when absent. */
  resourceServerCapacity?: number;
  /** Shards used from the start, to spread provisioning over several pools' per-pool request quotas. */
  minShards: number;
}

/**
 * Picks the shard for a new SHARED_POOL tenant: among the first `minShards` shards and the shards in use, the one
 * that stays within every capacity (app clients, IdPs and resource servers) with the tenant on it and is the least filled (by its fuller dimension, so a
 * shard whose IdPs are nearly used up is not preferred for its free app clients), lowest index on a tie; when none
 * has room, the next index after every known shard, which opens a new pool.
 */
export function chooseSharedPoolShard(
  shards: readonly ShardLoad[],
  demand: PlacementDemand,
  limits: PlacementLimits,
): number {
  const byIndex = new Map(shards.map((s) => [s.index, s]));
  const known = Math.max(limits.minShards, ...shards.map((s) => s.index + 1));
  let best = -1;
  let bestFill = Infinity;
  for (let index = 0; index < known; index++) {
    const load = byIndex.get(index) ?? { index, appClients: 0, identityProviders: 0 };
    const clients = load.appClients + demand.appClients;
    const idps = load.identityProviders + demand.identityProviders;
    const servers = (load.resourceServers ?? 0) + (demand.resourceServers ?? 0);
    if (clients > limits.appClientCapacity || idps > limits.identityProviderCapacity) continue;
    if (servers > (limits.resourceServerCapacity ?? Infinity)) continue;
    const fill = Math.max(
      load.appClients / limits.appClientCapacity,
      load.identityProviders / limits.identityProviderCapacity,
    );
    if (fill < bestFill) {
      best = index;
      bestFill = fill;
    }
  }
  return best >= 0 ? best : known;
}

/**
 * The advisory lock on a region's shard fill. Placement (which reads every shard) holds it exclusively; adding an
 * IdP to a placed tenant holds it shared, together with its shard's own lock, so IdPs added to different shards
 * don't wait for each other.
 */
export const sharedPoolShardsLockKey = (region: string): string =>
  `${SHARED_POOL_SHARDS_LOCK_PREFIX}${region}`;
/** The region lock's key is this prefix and the region (so that SQL can build it from a tenant's row too). */
export const SHARED_POOL_SHARDS_LOCK_PREFIX = 'shared-pool-shards:';
/**
 * Lock on one shard's fill, keyed `<prefix><region>:<shard>`: additions to the shard take it, under the region's
 * lock held shared.
 */
export const SHARED_POOL_SHARD_LOCK_PREFIX = 'shared-pool-shard:';
