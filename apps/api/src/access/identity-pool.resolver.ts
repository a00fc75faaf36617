import { Inject } from '@nestjs/common';
import { Args, ID, Int, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, TenantAccessView } from '@idplane/access';
import { TenantChildrenReader } from '@idplane/persistence';
import { TenantService } from '@idplane/tenancy';
import { AuditedMutation } from '../audit/audited-mutation.decorator';
import { Tenant } from '../tenants/tenant.types';
import { IdentityPoolInput, IdentityPoolPayload, TenantIdentityPool } from './identity-pool.types';
import { mapChildren, tenantChildren } from '../tenants/tenant-children';

const TENANT_ID = { type: () => ID, description: 'The tenant.' };
const EXPECTED_VERSION = {
  type: () => Int,
  description: 'RoleMappings.version (or identityPool.version) as last read; stale: CONFLICT.',
};

function identityPoolOf(access: TenantAccessView): TenantIdentityPool | null {
  if (!access.identityPool) return null;
  return {
    ...access.identityPool,
    ambiguousRoleResolution: access.identityPool
      .ambiguousRoleResolution as TenantIdentityPool['ambiguousRoleResolution'],
    identityPoolId: access.identityPoolId,
    version: access.version,
  };
}

@Resolver(() => Tenant)
export class IdentityPoolResolver {
  constructor(
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(TenantChildrenReader) private readonly children: TenantChildrenReader,
  ) {}

  @ResolveField(() => TenantIdentityPool, {
    nullable: true,
    description: "The tenant's identity pool; null when it has none.",
  })
  // No parameter decorators: Nest's fast path for field resolvers (see AccessResolver.roles).
  identityPool(
    tenant: Tenant,
    _args: unknown,
    ctx: object,
  ): TenantIdentityPool | null | Promise<TenantIdentityPool | null> {
    return mapChildren(tenantChildren(ctx, this.children, tenant.id), (c) =>
      c ? identityPoolOf(c.access) : null,
    );
  }

  @AuditedMutation(() => IdentityPoolPayload, {
    description:
      "Gives the tenant an identity pool, or changes it. Its rules map each role's group to the role's IAM role.",
  })
  async setIdentityPool(
    @Args('tenantId', TENANT_ID) tenantId: string,
    @Args('input', { description: 'The identity pool.' }) input: IdentityPoolInput,
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion: number,
  ): Promise<IdentityPoolPayload> {
    const access = await this.access.setIdentityPool(tenantId, input, expectedVersion);
    return {
      tenant: (await this.tenants.getTenant(tenantId)) as Tenant,
      identityPool: identityPoolOf(access),
    };
  }

  @AuditedMutation(() => IdentityPoolPayload, {
    description: "Removes the tenant's identity pool; the worker deletes it from Cognito.",
  })
  async removeIdentityPool(
    @Args('tenantId', TENANT_ID) tenantId: string,
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion: number,
  ): Promise<IdentityPoolPayload> {
    await this.access.setIdentityPool(tenantId, null, expectedVersion);
    return { tenant: (await this.tenants.getTenant(tenantId)) as Tenant, identityPool: null };
  }
}
