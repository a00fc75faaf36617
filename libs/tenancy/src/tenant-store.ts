import { Condition, CognitoRefs, NewTenantSpec, Tenant, TenantSettingsChange, TenantStatus } from './tenant';
import { ReconcileIntent } from './reconcile-intent';
import { TenantListFilter } from './tenant-list-filter';

export interface TenantPage {
  tenants: Tenant[];
  hasNextPage: boolean;
}

export interface PageRequest {
  first: number;
  after?: { createdAt: Date; id: string };
  /** Already validated (validateTenantListFilter). The order stays (createdAt, id), so cursors hold under it. */
  filter?: TenantListFilter;
}

/** What a reconcile run learned, written back in one update. */
export interface ReconcileOutcome {
  tenantId: string;
  observedGeneration: number;
  status: TenantStatus;
  conditions: Condition[];
  cognito?: Partial<CognitoRefs>;
}

/**
 * A change to a tenant's desired state, applied only at `expectedVersion`. It bumps generation and version and
 * commits a reconcile intent with it.
 */
export interface DesiredStateChange {
  tenantId: string;
  expectedVersion: number;
  settings?: TenantSettingsChange;
  suspended?: boolean;
  /** DELETING starts deletion; the store refuses to move a DELETING or DELETED tenant anywhere else. */
  status?: TenantStatus;
  /** The change is refused (PreconditionFailedError) unless the tenant is in one of these. */
  allowedFrom: TenantStatus[];
  trigger: ReconcileIntent['trigger'];
}

export interface SharedPoolSharding {
  /**
   * App clients per shard that placement keeps under (below Cognito's 1,000 per pool): each tenant's web client plus
   * its machine-to-machine clients.
   */
  capacity: number;
  /** Shards used from the start, to spread provisioning over several pools' per-pool request quotas. */
  minShards: number;
  /** IdPs per shard that placement keeps under (below Cognito's 300 per pool); default 240. */
  identityProviderCapacity?: number;
  /** IdPs counted for every tenant that has fewer, a new one included, since tenants onboard IdPs after placement; default 1. */
  identityProviderReservation?: number;
}

/** One shared-pool shard as the tenants placed on it record it. */
export interface SharedPoolShardRecord {
  region: string;
  /** The n in `idplane-<env>-shared-<n>`. */
  index: number;
  /** The Cognito user pool id a reconcile last observed for a tenant on it; null before any was provisioned. */
  userPoolId: string | null;
  /** Tenants placed on it that are not DELETED. */
  tenantCount: number;
  /** App clients of those tenants (web and machine-to-machine): what placement counts against the capacity. */
  appClientCount: number;
  /** Identity providers of those tenants: what Cognito counts against its 300 per pool. */
  identityProviderCount: number;
}

/** Port to the tenants' desired state. The persistence adapter implements it. */
export interface TenantStore {
  /** Inserts the tenant and its reconcile intent in one transaction; a duplicate slug is a ConflictError. */
  createWithReconcileIntent(spec: NewTenantSpec): Promise<Tenant>;
  /** Stale expectedVersion → ConflictError; unknown tenant → NotFoundError; wrong status → PreconditionFailedError. */
  changeDesiredState(change: DesiredStateChange): Promise<Tenant>;
  /** Commits a reconcile intent at the current generation (a manual trigger); changes nothing else. */
  addReconcileIntent(tenantId: string, trigger: ReconcileIntent['trigger']): Promise<ReconcileIntent>;
  findById(id: string): Promise<Tenant | null>;
  findBySlug(slug: string): Promise<Tenant | null>;
  list(page: PageRequest): Promise<TenantPage>;
  /** Ids of tenants in the given statuses, in id order after `afterId`, for sweeps. */
  listIdsByStatus(statuses: TenantStatus[], afterId: string | null, limit: number): Promise<string[]>;
  /**
   * Places a SHARED_POOL tenant in a shard once, for good (chooseSharedPoolShard): the least-filled of the first
   * `minShards` shards or of the shards in use that have room for it under both capacities, else a new shard. Serialised per region, so racing tenants can't
   * overfill a shard. Returns the tenant's shard (the one it already had, if any).
   */
  assignSharedPoolShard(tenantId: string, sharding: SharedPoolSharding): Promise<number>;
  /**
   * Every shard a SHARED_POOL tenant was ever placed on (a shard's pool is never deleted, so one whose tenants are
   * all gone still exists), by region and index.
   */
  listSharedPoolShards(): Promise<SharedPoolShardRecord[]>;
  /** Writes what a run learned; returns the tenant's state as recorded (null when it no longer exists). */
  recordReconcileOutcome(outcome: ReconcileOutcome): Promise<RecordedTenantState | null>;
  setStatus(tenantId: string, status: TenantStatus, onlyFrom: TenantStatus[]): Promise<void>;
}

/** A tenant's state as a reconcile outcome left it. */
export type RecordedTenantState = Pick<Tenant, 'status' | 'generation' | 'observedGeneration' | 'conditions'>;

export const TENANT_STORE = Symbol('TENANT_STORE');
