import type { RoleMapping } from '@aws-sdk/client-cognito-identity';
import { buildIdentityPoolRoleMappings, IdentityPoolConfig, RoleWithGroup } from '@idplane/access';
import { ENVIRONMENT_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, TENANT_ID_TAG } from '../compile-tenant';

/** A tenant's identity pool as idplane wants it. Plain data; the apply step turns it into SDK input. */
export interface DesiredIdentityPool {
  name: string;
  allowUnauthenticated: boolean;
  /**
   * Exactly one: the tenant's app client in its user pool, so no other client's token is ever exchanged here.
   * ServerSideTokenCheck on: a user signed out globally or deleted gets no more credentials.
   */
  providers: { providerName: string; clientId: string; serverSideTokenCheck: boolean }[];
  tags: Record<string, string>;
  roles: Record<string, string>;
  roleMappings: Record<string, RoleMapping>;
}

/** What observe found of it, reduced to the same shape. */
export interface ObservedIdentityPool extends DesiredIdentityPool {
  id: string;
}

export interface IdentityPoolCompileInput {
  tenant: { id: string; slug: string; region: string };
  environment: string;
  config: IdentityPoolConfig | null;
  roles: readonly RoleWithGroup[];
  /** Observed: the pool and client the identity pool trusts; without them there is nothing to point it at yet. */
  userPoolId: string | null;
  appClientId: string | null;
}

/** Identity pool names allow `[\w\s+=,.@-]`, up to 128 characters; slugs already fit. */
export const identityPoolName = (environment: string, slug: string) => `idplane_${environment}_${slug}`;

/**
 * The tenant's identity pool, or null when it should have none. One pool per tenant: its only provider is the
 * tenant's own app client, so no other tenant's token can be exchanged in it, and its rules come from the tenant's
 * roles (see buildIdentityPoolRoleMappings). Pure.
 */
export function compileIdentityPool(input: IdentityPoolCompileInput): DesiredIdentityPool | null {
  const { config, tenant, userPoolId, appClientId } = input;
  if (!config || !userPoolId || !appClientId) return null;
  return {
    name: identityPoolName(input.environment, tenant.slug),
    allowUnauthenticated: config.guestRoleArn !== null,
    providers: [
      {
        providerName: `cognito-idp.${tenant.region}.amazonaws.com/${userPoolId}`,
        clientId: appClientId,
        serverSideTokenCheck: true,
      },
    ],
    tags: {
      [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
      [ENVIRONMENT_TAG]: input.environment,
      [TENANT_ID_TAG]: tenant.id,
    },
    roles: {
      authenticated: config.authenticatedRoleArn,
      ...(config.guestRoleArn ? { unauthenticated: config.guestRoleArn } : {}),
    },
    roleMappings: buildIdentityPoolRoleMappings({
      region: tenant.region,
      userPoolId,
      appClientIds: [appClientId],
      roles: input.roles,
      ambiguousRoleResolution: config.ambiguousRoleResolution,
    }),
  };
}
