import { Inject } from '@nestjs/common';
import { Args, Context, ID, Info, Int, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { AccessScope } from '@idplane/admin-auth';
import { encodeTenantCursor, TenantPage, TenantService } from '@idplane/tenancy';
import { TenantChildrenReader } from '@idplane/persistence';
import { AuditedMutation } from '../audit/audited-mutation.decorator';
import { Scope } from '../auth/access-scope.decorator';
import { toConnection } from '../graphql/relay-connection';
import { listTenantsWithChildren, selectsTenantChildren } from './tenant-children';
import {
  CreateTenantInput,
  CreateTenantPayload,
  Tenant,
  TenantConnection,
  TenantFilter,
} from './tenant.types';

@Resolver(() => Tenant)
export class TenantResolver {
  constructor(
    @Inject(TenantService) private readonly tenantService: TenantService,
    @Inject(TenantChildrenReader) private readonly children: TenantChildrenReader,
  ) {}

  @Query(() => Tenant, { description: 'A tenant by id. NOT_FOUND when there is none.' })
  tenant(@Args('id', { type: () => ID, description: 'The tenant id.' }) id: string) {
    return this.tenantService.getTenant(id);
  }

  @Query(() => Tenant, { description: 'A tenant by slug. NOT_FOUND when there is none.' })
  tenantBySlug(@Args('slug', { description: 'The tenant slug.' }) slug: string) {
    return this.tenantService.getTenantBySlug(slug);
  }

  @Query(() => TenantConnection, {
    description:
      'Tenants, oldest first (by creation time, then id), as a Relay connection. Cursors stay valid under the ' +
      'same or another filter. A tenant admin sees only their own tenant, when it matches the filter.',
  })
  async tenants(
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Scope() scope: AccessScope,
    @Context() context: object,
    @Info() info: GraphQLResolveInfo,
    @Args('after', { nullable: true, description: 'Cursor after which the page starts.' }) after?: string,
    @Args('filter', { type: () => TenantFilter, nullable: true, description: 'Narrows the list.' })
    filter?: TenantFilter | null,
  ): Promise<TenantConnection> {
    const onlyTenantId = scope.all ? undefined : scope.tenantId;
    const page: TenantPage = selectsTenantChildren(info)
      ? await listTenantsWithChildren(
          context,
          this.children,
          this.tenantService.pageRequest(first, after, filter, onlyTenantId),
        )
      : await this.tenantService.listTenants(first, after, filter, onlyTenantId);
    return toConnection(page.tenants, (t) => encodeTenantCursor(t.createdAt, t.id), page.hasNextPage, after);
  }

  @AuditedMutation(() => CreateTenantPayload, {
    description:
      'Creates a tenant. The worker then provisions its Cognito resources; watch status become ACTIVE.',
  })
  async createTenant(
    @Args('input', { description: 'The new tenant.' }) input: CreateTenantInput,
  ): Promise<CreateTenantPayload> {
    return { tenant: await this.tenantService.createTenant(input) };
  }
}
