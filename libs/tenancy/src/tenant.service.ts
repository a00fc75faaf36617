import { FieldIssue, NotFoundError, ValidationError, isUuid } from '@idplane/errors';
import { Tenant, ThreatProtectionMode } from './tenant';
import { decodeTenantCursor } from './tenant-cursor';
import { ReconcileIntent } from './reconcile-intent';
import { TenantSettingsInput, validateTenantSettings } from './tenant-settings.validator';
import { validateCreateTenantInput, CreateTenantInput, SLUG_PATTERN } from './tenant-spec.validator';
import { TenantListFilter, TenantListFilterInput, validateTenantListFilter } from './tenant-list-filter';
import { PageRequest, SharedPoolShardRecord, TenantPage, TenantStore } from './tenant-store';

export const MAX_PAGE_SIZE = 100;

export interface TenantServiceOptions {
  /** AWS_REGION: the region new tenants get when the input names none. */
  defaultRegion?: string;
  /** SHARED_POOL_SHARD_CAPACITY: tenants per shard before placement opens a new one (the worker's setting). */
  sharedPoolShardCapacity?: number;
  /** SHARED_POOL_IDP_CAPACITY: IdPs per shard before placement opens a new one (the worker's setting). */
  sharedPoolIdentityProviderCapacity?: number;
  /** SHARED_POOL_THREAT_PROTECTION: whether shared tenants may have a risk configuration (the worker's setting). */
  sharedPoolThreatProtection?: ThreatProtectionMode;
}

/** A shard with its fill: tenants placed on it against the configured capacity. */
export interface SharedPoolShardFill extends SharedPoolShardRecord {
  capacity: number;
  /** appClientCount / capacity; above 1 when the capacity was lowered or placed tenants added M2M clients. */
  fillRatio: number;
  identityProviderCapacity: number;
  /** identityProviderCount / identityProviderCapacity; above 1 once placed tenants used the headroom. */
  identityProviderFillRatio: number;
}

/** Input of updateTenantSpec. region and isolationModel are immutable and refused when they differ. */
export interface UpdateTenantSpecInput extends TenantSettingsInput {
  region?: unknown;
  isolationModel?: unknown;
  slug?: unknown;
}

const LIVE = ['PENDING', 'PROVISIONING', 'ACTIVE', 'DEGRADED', 'FAILED'] as const;

/**
 * Application service for tenants: validates at the edge, then writes desired state with its outbox intent in one
 * transaction. Never calls Cognito.
 *
 * Suspension: suspendTenant sets the desired `suspended` flag; the worker then strips the tenant's app client of every
 * sign-in path (no explicit auth flows, so no password, SRP or refresh-token sign-in; no identity providers; OAuth
 * off), keeping the client, its id, the groups and the pool, and sets status SUSPENDED. Machine-to-machine clients
 * lose client_credentials (no new tokens) and keep their id and secret. resumeTenant restores the clients' settings
 * from the spec. Users and their attributes are untouched either way.
 */
export class TenantService {
  private readonly defaultRegion: string;
  private readonly sharedPoolShardCapacity: number;
  private readonly sharedPoolIdentityProviderCapacity: number;
  private readonly sharedPoolThreatProtection: ThreatProtectionMode;

  constructor(
    private readonly store: TenantStore,
    options: TenantServiceOptions = {},
  ) {
    this.defaultRegion = options.defaultRegion ?? 'us-east-1';
    this.sharedPoolShardCapacity = options.sharedPoolShardCapacity ?? 800;
    this.sharedPoolIdentityProviderCapacity = options.sharedPoolIdentityProviderCapacity ?? 240;
    this.sharedPoolThreatProtection = options.sharedPoolThreatProtection ?? 'OFF';
  }

  createTenant(input: CreateTenantInput): Promise<Tenant> {
    return this.store.createWithReconcileIntent(
      validateCreateTenantInput(input, this.defaultRegion, 'input', this.sharedPoolThreatProtection),
    );
  }

  async getTenant(id: string): Promise<Tenant> {
    const tenant = isUuid(id) ? await this.store.findById(id) : null;
    if (!tenant) throw new NotFoundError(`tenant ${id} does not exist`, 'id');
    return tenant;
  }

  async getTenantBySlug(slug: string): Promise<Tenant> {
    const tenant = await this.findTenantBySlug(slug);
    if (!tenant) throw new NotFoundError(`tenant with slug ${slug} does not exist`, 'slug');
    return tenant;
  }

  /** The tenant with this slug, or null. */
  findTenantBySlug(slug: string): Promise<Tenant | null> {
    // No tenant can have a slug that creation would refuse, and such a string (U+0000) may not even reach Postgres.
    return SLUG_PATTERN.test(slug) ? this.store.findBySlug(slug) : Promise.resolve(null);
  }

  /**
   * A page of tenants in (createdAt, id) order, narrowed by `filter`. `onlyTenantId` restricts the list to one
   * tenant (a tenant admin's view) after the filter was validated, so bad input gets the same answer for everyone.
   */
  listTenants(
    first: number,
    after?: string,
    filter?: TenantListFilterInput | null,
    onlyTenantId?: string,
  ): Promise<TenantPage> {
    return this.store.list(this.pageRequest(first, after, filter, onlyTenantId));
  }

  /** The validated page listTenants reads, for a reader that lists tenants together with more. */
  pageRequest(
    first: number,
    after?: string,
    filter?: TenantListFilterInput | null,
    onlyTenantId?: string,
  ): PageRequest {
    const issues: FieldIssue[] = [];
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      issues.push({ field: 'first', message: `must be between 1 and ${MAX_PAGE_SIZE}` });
    }
    let valid: TenantListFilter = {};
    try {
      valid = validateTenantListFilter(filter);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return {
      first,
      after: after ? decodeTenantCursor(after) : undefined,
      filter: onlyTenantId === undefined ? valid : { ...valid, tenantId: onlyTenantId },
    };
  }

  /** Every shared-pool shard with its fill, by region and index. */
  async sharedPoolShards(): Promise<SharedPoolShardFill[]> {
    const capacity = this.sharedPoolShardCapacity;
    const idpCapacity = this.sharedPoolIdentityProviderCapacity;
    return (await this.store.listSharedPoolShards()).map((shard) => ({
      ...shard,
      capacity,
      fillRatio: shard.appClientCount / capacity,
      identityProviderCapacity: idpCapacity,
      identityProviderFillRatio: shard.identityProviderCount / idpCapacity,
    }));
  }

  /** Changes the given settings; bumps generation so the worker converges Cognito to them. */
  async updateTenantSpec(id: string, input: UpdateTenantSpecInput, expectedVersion: number): Promise<Tenant> {
    checkVersion(expectedVersion);
    const tenant = await this.getTenant(id);
    const issues: FieldIssue[] = [];
    for (const name of ['region', 'isolationModel', 'slug'] as const) {
      if (input[name] !== undefined && input[name] !== tenant[name])
        issues.push({ field: `input.${name}`, message: 'cannot change after creation' });
    }
    const settings = validateTenantSettings(
      input,
      { ...tenant, sharedPoolThreatProtection: this.sharedPoolThreatProtection },
      'input',
      issues,
    );
    if (issues.length > 0) throw new ValidationError(issues);
    return this.store.changeDesiredState({
      tenantId: id,
      expectedVersion,
      settings,
      allowedFrom: [...LIVE, 'SUSPENDED'],
      trigger: 'update',
    });
  }

  /** Starts deletion: DELETING now, DELETED once the worker removed what idplane created (per deletionPolicy). */
  async deleteTenant(id: string, expectedVersion: number): Promise<Tenant> {
    checkVersion(expectedVersion);
    await this.getTenant(id);
    return this.store.changeDesiredState({
      tenantId: id,
      expectedVersion,
      status: 'DELETING',
      allowedFrom: [...LIVE, 'SUSPENDED'],
      trigger: 'delete',
    });
  }

  /** Stops sign-in for the tenant and keeps its resources (see the class comment). */
  async suspendTenant(id: string, expectedVersion: number): Promise<Tenant> {
    checkVersion(expectedVersion);
    await this.getTenant(id);
    return this.store.changeDesiredState({
      tenantId: id,
      expectedVersion,
      suspended: true,
      allowedFrom: [...LIVE, 'SUSPENDED'],
      trigger: 'suspend',
    });
  }

  async resumeTenant(id: string, expectedVersion: number): Promise<Tenant> {
    checkVersion(expectedVersion);
    await this.getTenant(id);
    return this.store.changeDesiredState({
      tenantId: id,
      expectedVersion,
      suspended: false,
      allowedFrom: [...LIVE, 'SUSPENDED'],
      trigger: 'resume',
    });
  }

  /** Asks the worker for a reconcile now, at the current generation. */
  async requestReconcile(id: string): Promise<ReconcileIntent> {
    await this.getTenant(id);
    return this.store.addReconcileIntent(id, 'manual');
  }
}

function checkVersion(expectedVersion: number): void {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1)
    throw new ValidationError([{ field: 'expectedVersion', message: 'must be a positive integer' }]);
}
