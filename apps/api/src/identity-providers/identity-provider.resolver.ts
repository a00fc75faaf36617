import { Inject } from '@nestjs/common';
import { Args, ID, Int, ResolveField, Resolver } from '@nestjs/graphql';
import { IdentityProviderChange, IdentityProviderService } from '@idplane/federation';
import { TenantChildrenReader } from '@idplane/persistence';
import { TenantService } from '@idplane/tenancy';
import { AuditedMutation } from '../audit/audited-mutation.decorator';
import { Tenant } from '../tenants/tenant.types';
import {
  AddOidcIdentityProviderInput,
  AddSamlIdentityProviderInput,
  AddSocialIdentityProviderInput,
  IdentityProvider,
  IdentityProviderPayload,
  RemoveIdentityProviderPayload,
  UpdateIdentityProviderInput,
} from './identity-provider.types';
import { toIdentityProviderSummaryView, toIdentityProviderView } from './identity-provider.view';
import { mapChildren, tenantChildren } from '../tenants/tenant-children';
import { identityProviderListingOfRequest } from './identity-provider-listing';

const TENANT_ID = { type: () => ID, description: 'The tenant.' } as const;

@Resolver(() => Tenant)
export class IdentityProviderResolver {
  constructor(
    @Inject(IdentityProviderService) private readonly providers: IdentityProviderService,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(TenantChildrenReader) private readonly children: TenantChildrenReader,
  ) {}

  @ResolveField(() => [IdentityProvider], { description: "The tenant's identity providers, oldest first." })
  // No parameter decorators: Nest's fast path for field resolvers (see AccessResolver.roles).
  identityProviders(
    tenant: Tenant,
    _args: unknown,
    ctx: object,
  ): IdentityProvider[] | Promise<IdentityProvider[]> {
    // The children were read as this request's document needs them, and are shown the same way.
    const view =
      identityProviderListingOfRequest(ctx) === 'summary'
        ? toIdentityProviderSummaryView
        : toIdentityProviderView;
    return mapChildren(tenantChildren(ctx, this.children, tenant.id), (c) =>
      (c?.identityProviders ?? []).map(view),
    );
  }

  @AuditedMutation(() => IdentityProviderPayload, {
    description:
      'Adds a SAML IdP. The metadata is fetched (SSRF-safe), parsed and validated before anything is stored; ' +
      'expiring or expired certificates are accepted with a warning.',
  })
  async addSamlIdentityProvider(
    @Args('tenantId', TENANT_ID) tenantId: string,
    @Args('input', { type: () => AddSamlIdentityProviderInput, description: 'The IdP.' })
    input: AddSamlIdentityProviderInput,
  ): Promise<IdentityProviderPayload> {
    return this.payload(tenantId, await this.providers.addSamlIdentityProvider(tenantId, input));
  }

  @AuditedMutation(() => IdentityProviderPayload, {
    description: "Adds an OpenID Connect IdP after checking the issuer's discovery document.",
  })
  async addOidcIdentityProvider(
    @Args('tenantId', TENANT_ID) tenantId: string,
    @Args('input', { type: () => AddOidcIdentityProviderInput, description: 'The IdP.' })
    input: AddOidcIdentityProviderInput,
  ): Promise<IdentityProviderPayload> {
    return this.payload(tenantId, await this.providers.addOidcIdentityProvider(tenantId, input));
  }

  @AuditedMutation(() => IdentityProviderPayload, {
    description: 'Adds Google, Facebook, Login with Amazon or Sign in with Apple (dedicated pools only).',
  })
  async addSocialIdentityProvider(
    @Args('tenantId', TENANT_ID) tenantId: string,
    @Args('input', { type: () => AddSocialIdentityProviderInput, description: 'The IdP.' })
    input: AddSocialIdentityProviderInput,
  ): Promise<IdentityProviderPayload> {
    return this.payload(tenantId, await this.providers.addSocialIdentityProvider(tenantId, input));
  }

  @AuditedMutation(() => IdentityProviderPayload, {
    description: 'Changes an IdP. Its name and type are fixed; stale expectedVersion: CONFLICT.',
  })
  async updateIdentityProvider(
    @Args('tenantId', TENANT_ID) tenantId: string,
    @Args('input', { type: () => UpdateIdentityProviderInput, description: 'The changes.' })
    input: UpdateIdentityProviderInput,
  ): Promise<IdentityProviderPayload> {
    return this.payload(tenantId, await this.providers.updateIdentityProvider(tenantId, input));
  }

  @AuditedMutation(() => RemoveIdentityProviderPayload, {
    description: 'Removes an IdP and frees its email domains. Stale expectedVersion: CONFLICT.',
  })
  async removeIdentityProvider(
    @Args('tenantId', TENANT_ID) tenantId: string,
    @Args('id', { type: () => ID, description: 'The identity provider.' }) id: string,
    @Args('expectedVersion', { type: () => Int, description: 'IdentityProvider.version as last read.' })
    expectedVersion: number,
  ): Promise<RemoveIdentityProviderPayload> {
    const removed = await this.providers.removeIdentityProvider(tenantId, id, expectedVersion);
    return {
      removedIdentityProviderId: removed.id,
      tenant: (await this.tenants.getTenant(tenantId)) as Tenant,
    };
  }

  private async payload(tenantId: string, change: IdentityProviderChange): Promise<IdentityProviderPayload> {
    return {
      identityProvider: toIdentityProviderView(change.identityProvider),
      warnings: [...change.warnings],
      tenant: (await this.tenants.getTenant(tenantId)) as Tenant,
    };
  }
}
