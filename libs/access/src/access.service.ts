import { NotFoundError, ValidationError } from '@idplane/errors';
import { AccessConfiguration, AccessStore, StoredTenantAccess } from './access-store';
import {
  IdentityPoolConfig,
  IdentityPoolConfigInput,
  validateIdentityPoolConfig,
} from './identity-pool-config';
import { identityPoolRoleIssues } from './identity-pool-role-mappings';
import { buildMappingSnapshot } from './mapping-snapshot.builder';
import type { MappingSnapshot } from './mapping-snapshot';
import { DEFAULT_DEFAULT_ROLE, DEFAULT_ROLES, Role } from './role';
import { RoleMappingConfig, RoleMappingConfigInput, validateRoleMappingConfig } from './role-mapping';
import { withGroupNames } from './role-groups';
import { RoleInput, validateRoleSet } from './role-set.validator';
import { RoleMappingSimulation, simulateRoleMapping } from './simulate-role-mapping';
import { TenantAccess, TenantAccessReader } from './tenant-access';

export interface TenantAccessView extends TenantAccess {
  identityPool: IdentityPoolConfig | null;
  identityPoolId: string | null;
  version: number;
}

const DEFAULT_MAPPINGS: RoleMappingConfig = { defaultRole: DEFAULT_DEFAULT_ROLE, rules: [] };

/** A tenant's stored access as the API shows it: the default roles and mappings where none were set. */
export function tenantAccessView(stored: StoredTenantAccess): TenantAccessView {
  return {
    tenantId: stored.tenantId,
    slug: stored.slug,
    isolationModel: stored.isolationModel,
    suspended: stored.suspended,
    userPoolId: stored.userPoolId,
    appClientIds: stored.appClientIds,
    roles: stored.roles ?? [...DEFAULT_ROLES],
    mappings: stored.mappings ?? DEFAULT_MAPPINGS,
    identityPool: stored.identityPool,
    identityPoolId: stored.identityPoolId,
    version: stored.version,
  };
}

/** Application service for tenant roles and role mappings. Validates at the edge; never calls Cognito. */
export class AccessService implements TenantAccessReader {
  constructor(private readonly store: AccessStore) {}

  async getAccess(tenantId: string): Promise<TenantAccessView> {
    const stored = await this.store.find(tenantId);
    if (!stored) throw new NotFoundError(`tenant ${tenantId} does not exist`, 'tenantId');
    return tenantAccessView(stored);
  }

  async findTenantAccess(tenantId: string): Promise<TenantAccess | null> {
    const stored = await this.store.find(tenantId);
    return stored ? tenantAccessView(stored) : null;
  }

  /** Replaces the role set; existing mappings must still name existing roles. */
  async setRoles(tenantId: string, input: RoleInput[], expectedVersion: number): Promise<TenantAccessView> {
    const current = await this.getAccess(tenantId);
    const roles = validateRoleSet(input, { slug: current.slug }, 'roles');
    const mappings = validateRoleMappingConfig(
      current.mappings,
      { roleNames: roles.map((r) => r.name) },
      'roleMappings',
    );
    if (current.identityPool) this.checkIdentityPoolRoles(current, roles, 'roles');
    return this.saved(current, { roles, mappings, identityPool: current.identityPool }, expectedVersion);
  }

  /** Gives the tenant an identity pool (or changes it); null removes it. The worker reconciles either. */
  async setIdentityPool(
    tenantId: string,
    input: IdentityPoolConfigInput | null,
    expectedVersion: number,
  ): Promise<TenantAccessView> {
    const current = await this.getAccess(tenantId);
    const identityPool = input === null ? null : validateIdentityPoolConfig(input, 'input');
    if (identityPool) this.checkIdentityPoolRoles(current, current.roles, 'roles');
    return this.saved(
      current,
      { roles: current.roles, mappings: current.mappings, identityPool },
      expectedVersion,
    );
  }

  /** Saves a change to what `current` read; the answer is `current` with the change and the new version. */
  private async saved(
    current: TenantAccessView,
    change: AccessConfiguration,
    expectedVersion: number,
  ): Promise<TenantAccessView> {
    const version = await this.store.save(current.tenantId, change, expectedVersion);
    return { ...current, ...change, version };
  }

  /** Roles whose groups identity pool rules can't tell apart are refused while the tenant has an identity pool. */
  private checkIdentityPoolRoles(tenant: TenantAccessView, roles: Role[], path: string): void {
    const issues = identityPoolRoleIssues(withGroupNames({ ...tenant, id: tenant.tenantId }, roles), path);
    if (issues.length > 0) throw new ValidationError(issues);
  }

  async setRoleMappings(
    tenantId: string,
    input: RoleMappingConfigInput,
    expectedVersion: number,
  ): Promise<TenantAccessView> {
    const current = await this.getAccess(tenantId);
    const mappings = validateRoleMappingConfig(
      input,
      {
        roleNames: current.roles.map((r: Role) => r.name),
        identityProviders: await this.store.identityProviderNames(tenantId),
      },
      'input',
    );
    return this.saved(
      current,
      { roles: current.roles, mappings, identityPool: current.identityPool },
      expectedVersion,
    );
  }

  simulate(
    tenantId: string,
    identityProvider: string | null,
    claims: Record<string, unknown>,
  ): Promise<RoleMappingSimulation> {
    return simulateRoleMapping(this, tenantId, identityProvider, claims);
  }

  /** The snapshot the token enricher reads: every tenant's roles and rules, compact and versioned. */
  async snapshot(now: Date): Promise<MappingSnapshot> {
    return buildMappingSnapshot((await this.store.listAll()).map(tenantAccessView), now);
  }
}
