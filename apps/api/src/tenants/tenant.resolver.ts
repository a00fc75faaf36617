import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AccessScope } from '@idplane/admin-auth';
import { encodeTenantCursor, TenantPage, TenantService } from '@idplane/tenancy';
import { Scope } from '../auth/access-scope.decorator';
import { toConnection } from '../graphql/relay-connection';
import { CreateTenantInput, CreateTenantPayload, Tenant, TenantConnection } from './tenant.types';

@Resolver(() => Tenant)
export class TenantResolver {
  constructor(@Inject(TenantService) private readonly tenantService: TenantService) {}

  @Query(() => Tenant, { description: 'A tenant by id. NOT_FOUND when there is none.' })
  tenant(@Args('id', { type: () => ID, description: 'The tenant id.' }) id: string) {
    return this.tenantService.getTenant(id);
  }

  @Query(() => Tenant, { description: 'A tenant by slug. NOT_FOUND when there is none.' })
  tenantBySlug(@Args('slug', { description: 'The tenant slug.' }) slug: string) {
    return this.tenantService.getTenantBySlug(slug);
  }

  @Query(() => TenantConnection, { description: 'Tenants, oldest first, as a Relay connection.' })
  async tenants(
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Scope() scope: AccessScope,
    @Args('after', { nullable: true, description: 'Cursor after which the page starts.' }) after?: string,
  ): Promise<TenantConnection> {
    const page: TenantPage = scope.all
      ? await this.tenantService.listTenants(first, after)
      : // A tenant admin's list is their own tenant, once.
        { tenants: after ? [] : [await this.tenantService.getTenant(scope.tenantId)], hasNextPage: false };
    return toConnection(page.tenants, (t) => encodeTenantCursor(t.createdAt, t.id), page.hasNextPage, after);
  }

  @Mutation(() => CreateTenantPayload, {
    description:
      'Creates a tenant. The worker then provisions its Cognito resources; watch status become ACTIVE.',
  })
  async createTenant(
    @Args('input', { description: 'The new tenant.' }) input: CreateTenantInput,
  ): Promise<CreateTenantPayload> {
    return { tenant: await this.tenantService.createTenant(input) };
  }
}
