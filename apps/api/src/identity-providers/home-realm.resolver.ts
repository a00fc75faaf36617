import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { AccessScope } from '@idplane/admin-auth';
import { HomeRealmDiscovery } from '@idplane/federation';
import { Scope } from '../auth/access-scope.decorator';
import { HomeRealm } from './home-realm.types';

@Resolver(() => HomeRealm)
export class HomeRealmResolver {
  constructor(@Inject(HomeRealmDiscovery) private readonly discovery: HomeRealmDiscovery) {}

  @Query(() => HomeRealm, {
    description:
      "Home-realm discovery for a sign-in page: the tenant and IdP that claimed the email's domain (exact match; " +
      'a subdomain is not its parent), and the hosted UI URL to send the user to. Any signed-in operator may ' +
      'ask; a tenant admin only finds their own tenant. NOT_FOUND, the same for all, when no IdP claimed the ' +
      'domain or its tenant takes no sign-ins now (not ACTIVE or DEGRADED, suspended, or not provisioned).',
  })
  discoverTenant(
    @Args('email', { description: 'The address the user typed; only its domain is used.' }) email: string,
    @Scope() scope: AccessScope,
  ): Promise<HomeRealm> {
    return this.discovery.discover(email, scope.all ? undefined : scope.tenantId);
  }
}
