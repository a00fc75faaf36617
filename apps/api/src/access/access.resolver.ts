import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, TenantAccessView, withGroupNames } from '@idplane/access';
import { ValidationError } from '@idplane/errors';
import { TenantChildrenReader } from '@idplane/persistence';
import { TenantService } from '@idplane/tenancy';
import { AuditedMutation } from '../audit/audited-mutation.decorator';
import { Tenant } from '../tenants/tenant.types';
import {
  GraphQLJSON,
  RoleInput,
  RoleMappingRuleInput,
  RoleMappings,
  RoleMappingSimulation,
  SetRoleMappingsPayload,
  SetRolesPayload,
  TenantRole,
} from './access.types';
import { mapChildren, tenantChildren } from '../tenants/tenant-children';

const rolesOf = (access: TenantAccessView): TenantRole[] =>
  withGroupNames({ id: access.tenantId, ...access }, access.roles);
const mappingsOf = (access: TenantAccessView): RoleMappings => ({
  ...access.mappings,
  version: access.version,
});

@Resolver(() => Tenant)
export class AccessResolver {
  constructor(
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(TenantChildrenReader) private readonly children: TenantChildrenReader,
  ) {}

  @ResolveField(() => [TenantRole], { description: "The tenant's roles, reconciled to Cognito groups." })
  // Plain (parent, args, context) parameters, no decorators: Nest then calls the method directly instead of
  // through its per-call context pipeline, which costs more than the field itself on a page of 50 tenants.
  roles(tenant: Tenant, _args: unknown, ctx: object): TenantRole[] | Promise<TenantRole[]> {
    return mapChildren(tenantChildren(ctx, this.children, tenant.id), (c) => (c ? rolesOf(c.access) : []));
  }

  @ResolveField(() => RoleMappings, { description: "The tenant's role mappings." })
  roleMappings(
    tenant: Tenant,
    _args: unknown,
    ctx: object,
  ): RoleMappings | null | Promise<RoleMappings | null> {
    return mapChildren(tenantChildren(ctx, this.children, tenant.id), (c) =>
      c ? mappingsOf(c.access) : null,
    );
  }

  @AuditedMutation(() => SetRolesPayload, {
    description:
      'Replaces the tenant roles (admin, member and read-only must stay). Stale expectedVersion: CONFLICT.',
  })
  async setRoles(
    @Args('tenantId', { type: () => ID, description: 'The tenant.' }) tenantId: string,
    @Args('roles', { type: () => [RoleInput], description: 'The whole role set.' }) roles: RoleInput[],
    @Args('expectedVersion', {
      type: () => Int,
      description: 'RoleMappings.version as last read (0 if never set).',
    })
    expectedVersion: number,
  ): Promise<SetRolesPayload> {
    const access = await this.access.setRoles(tenantId, roles, expectedVersion);
    return { tenant: (await this.tenants.getTenant(tenantId)) as Tenant, roles: rolesOf(access) };
  }

  @AuditedMutation(() => SetRoleMappingsPayload, {
    description: 'Replaces the role mapping rules, evaluated in order. Stale expectedVersion: CONFLICT.',
  })
  async setRoleMappings(
    @Args('tenantId', { type: () => ID, description: 'The tenant.' }) tenantId: string,
    @Args('rules', { type: () => [RoleMappingRuleInput], description: 'The rules, in order.' })
    rules: RoleMappingRuleInput[],
    @Args('expectedVersion', {
      type: () => Int,
      description: 'RoleMappings.version as last read (0 if never set).',
    })
    expectedVersion: number,
    @Args('defaultRole', {
      type: () => String,
      nullable: true,
      description: 'Role for users no rule matched; omit to keep the current one, null for no role.',
    })
    defaultRole?: string | null,
  ): Promise<SetRoleMappingsPayload> {
    const current = await this.access.getAccess(tenantId);
    const access = await this.access.setRoleMappings(
      tenantId,
      { rules, defaultRole: defaultRole === undefined ? current.mappings.defaultRole : defaultRole },
      expectedVersion,
    );
    return { tenant: (await this.tenants.getTenant(tenantId)) as Tenant, roleMappings: mappingsOf(access) };
  }

  @Query(() => RoleMappingSimulation, {
    description:
      'The roles a user with these claims, signing in through this IdP, would get, and the rule behind each.',
  })
  async simulateRoleMapping(
    @Args('tenantId', { type: () => ID, description: 'The tenant.' }) tenantId: string,
    @Args('claims', {
      type: () => GraphQLJSON,
      description: 'Claims as the IdP sends them, e.g. {"groups": ["Finance-Admins"]}.',
    })
    claims: unknown,
    @Args('identityProvider', {
      type: () => String,
      nullable: true,
      description: 'IdP name; null for a native user.',
    })
    identityProvider?: string | null,
  ): Promise<RoleMappingSimulation> {
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) {
      throw new ValidationError([
        { field: 'claims', message: 'must be a JSON object of claim names to values' },
      ]);
    }
    const result = await this.access.simulate(
      tenantId,
      identityProvider ?? null,
      claims as Record<string, unknown>,
    );
    return {
      ...result,
      roles: result.roles.map((r) => ({
        ...r,
        grantedBy: typeof r.grantedBy === 'number' ? `rule ${r.grantedBy}` : r.grantedBy,
      })),
    };
  }
}
