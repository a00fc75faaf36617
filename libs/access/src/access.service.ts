import { NotFoundError } from '@idplane/errors';
import { AccessStore, StoredTenantAccess } from './access-store';
import { buildMappingSnapshot } from './mapping-snapshot.builder';
import type { MappingSnapshot } from './mapping-snapshot';
import { DEFAULT_DEFAULT_ROLE, DEFAULT_ROLES, Role } from './role';
import { RoleMappingConfig, RoleMappingConfigInput, validateRoleMappingConfig } from './role-mapping';
import { RoleInput, validateRoleSet } from './role-set.validator';
import { RoleMappingSimulation, simulateRoleMapping } from './simulate-role-mapping';
import { TenantAccess, TenantAccessReader } from './tenant-access';

export interface TenantAccessView extends TenantAccess {
  version: number;
}

const DEFAULT_MAPPINGS: RoleMappingConfig = { defaultRole: DEFAULT_DEFAULT_ROLE, rules: [] };

function withDefaults(stored: StoredTenantAccess): TenantAccessView {
  return {
    tenantId: stored.tenantId,
    slug: stored.slug,
    isolationModel: stored.isolationModel,
    userPoolId: stored.userPoolId,
    appClientIds: stored.appClientIds,
    roles: stored.roles ?? [...DEFAULT_ROLES],
    mappings: stored.mappings ?? DEFAULT_MAPPINGS,
    version: stored.version,
  };
}

/** Application service for tenant roles and role mappings. Validates at the edge; never calls Cognito. */
export class AccessService implements TenantAccessReader {
  constructor(private readonly store: AccessStore) {}

  async getAccess(tenantId: string): Promise<TenantAccessView> {
    const stored = await this.store.find(tenantId);
    if (!stored) throw new NotFoundError(`tenant ${tenantId} does not exist`, 'tenantId');
    return withDefaults(stored);
  }

  /** Many tenants' access at once, in the order asked, for DataLoader batching. */
  async getAccessOfMany(tenantIds: readonly string[]): Promise<(TenantAccessView | null)[]> {
    const byId = new Map((await this.store.findMany(tenantIds)).map((s) => [s.tenantId, withDefaults(s)]));
    return tenantIds.map((id) => byId.get(id) ?? null);
  }

  async findTenantAccess(tenantId: string): Promise<TenantAccess | null> {
    const stored = await this.store.find(tenantId);
    return stored ? withDefaults(stored) : null;
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
    await this.store.save(tenantId, roles, mappings, expectedVersion);
    return this.getAccess(tenantId);
  }

  async setRoleMappings(
    tenantId: string,
    input: RoleMappingConfigInput,
    expectedVersion: number,
  ): Promise<TenantAccessView> {
    const current = await this.getAccess(tenantId);
    const mappings = validateRoleMappingConfig(
      input,
      { roleNames: current.roles.map((r: Role) => r.name) },
      'input',
    );
    await this.store.save(tenantId, current.roles, mappings, expectedVersion);
    return this.getAccess(tenantId);
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
    return buildMappingSnapshot((await this.store.listAll()).map(withDefaults), now);
  }
}
