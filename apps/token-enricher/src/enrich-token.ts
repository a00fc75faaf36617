import { evaluateRoleMappings, GrantSource } from '../../../libs/access/src/evaluate-role-mappings';
import { MappingSnapshot, SnapshotTenant } from '../../../libs/access/src/mapping-snapshot';
import { NATIVE_PROVIDER, RoleMappingConfig } from '../../../libs/access/src/role-mapping';
import { cognitoProviderNameFor } from '../../../libs/federation/src/cognito-provider-name';
import {
  ClaimValue,
  CLIENT_CREDENTIALS_TRIGGER,
  PreTokenGenerationEvent,
  TokenGeneration,
} from './pre-token-generation-event';
import { resolveTenant } from './resolve-tenant';
import { signInIdentityProvider } from './sign-in-identity-provider';

export const TENANT_ID_CLAIM = 'tenant_id';
export const ROLES_CLAIM = 'roles';

export type DenialReason =
  | 'snapshot-unavailable'
  | 'unknown-tenant'
  | 'tenant-mismatch'
  | 'pool-mismatch'
  | 'malformed-event'
  | 'tenant-suspended';

/** What the enricher decided for one token request. */
export type Enrichment =
  | {
      kind: 'enriched';
      tenantId: string;
      roles: { role: string; rule: GrantSource }[];
      groups: string[];
      iamRoles: string[];
      preferredRole: string | null;
    }
  /** No roles, no groups, no tenant claim: the fail-safe answer. */
  | { kind: 'denied'; reason: DenialReason; tenantId?: string }
  /** Machine-to-machine tokens carry no user, so there is nothing to map. */
  | { kind: 'untouched'; reason: 'client-credentials' };

/**
 * The name a rule's IdP has in the tenant's user pool, which is what the user's `identities` carry. Rules name IdPs
 * as the admin does (`okta`); a shared pool knows the tenant's as `<slug>.okta` (or a hashed form), so the rule
 * matches only the tenant's own IdP, never another tenant's `okta`. Native sign-in keeps its name.
 */
function providerNameInPool(tenant: SnapshotTenant, adminName: string): string {
  return adminName === NATIVE_PROVIDER ? adminName : cognitoProviderNameFor(tenant, adminName);
}

function toMappingConfig(tenant: SnapshotTenant): RoleMappingConfig {
  return {
    defaultRole: tenant.defaultRole,
    rules: tenant.rules.map((r) => ({
      identityProvider:
        r.identityProvider === undefined ? null : providerNameInPool(tenant, r.identityProvider),
      claim: r.claim,
      matchType: r.matchType,
      value: r.value,
      role: r.role,
      caseSensitive: r.caseSensitive === true,
    })),
  };
}

function isWellFormed(event: PreTokenGenerationEvent): boolean {
  const request = event?.request;
  return (
    typeof event?.userPoolId === 'string' &&
    typeof event.callerContext?.clientId === 'string' &&
    typeof request?.userAttributes === 'object' &&
    request.userAttributes !== null
  );
}

/** Decides a token's tenant and roles from the event and the current snapshot (null when none could be loaded). */
export function decideEnrichment(
  event: PreTokenGenerationEvent,
  snapshot: MappingSnapshot | null,
): Enrichment {
  if (event?.triggerSource === CLIENT_CREDENTIALS_TRIGGER)
    return { kind: 'untouched', reason: 'client-credentials' };
  if (!isWellFormed(event)) return { kind: 'denied', reason: 'malformed-event' };
  if (snapshot === null) return { kind: 'denied', reason: 'snapshot-unavailable' };

  const userAttributes = event.request.userAttributes;
  const resolution = resolveTenant(snapshot, {
    userPoolId: event.userPoolId,
    clientId: event.callerContext.clientId,
    userAttributes,
  });
  switch (resolution.kind) {
    case 'unknown-tenant':
      return { kind: 'denied', reason: 'unknown-tenant' };
    case 'tenant-mismatch':
      return { kind: 'denied', reason: 'tenant-mismatch', tenantId: resolution.clientTenantId };
    case 'pool-mismatch':
      return { kind: 'denied', reason: 'pool-mismatch', tenantId: resolution.tenantId };
    case 'resolved':
      break;
  }
  const { tenant, tenantId } = resolution;
  if (tenant.suspended) return { kind: 'denied', reason: 'tenant-suspended', tenantId };
  const roleByGroup = new Map(tenant.roles.map((r) => [r.group, r]));
  // Only this tenant's groups count as assignments; any other group (another tenant's, or Cognito's
  // automatic `<poolId>_<provider>` group) is dropped from the token.
  const assignedRoles = (event.request.groupConfiguration?.groupsToOverride ?? [])
    .map((g) => roleByGroup.get(g)?.name)
    .filter((name): name is string => name !== undefined);
  const identityProvider = signInIdentityProvider(userAttributes);
  const outcome = evaluateRoleMappings(toMappingConfig(tenant), tenant.roles, {
    identityProvider,
    // Rules map what an IdP asserts. A native user's attributes are their own to write (the app client must allow
    // writing every IdP-mapped attribute, custom:idp_groups included), so they never meet a rule: native users get
    // the groups an admin assigned, else the default role.
    claims: identityProvider === NATIVE_PROVIDER || identityProvider === null ? {} : userAttributes,
    assignedRoles,
  });
  const granted = outcome.roles.map((g) => tenant.roles.find((r) => r.name === g.role)!);
  const iamRoles = granted.map((r) => r.iamRoleArn).filter((arn): arn is string => arn !== undefined);
  return {
    kind: 'enriched',
    tenantId,
    roles: outcome.roles,
    groups: granted.map((r) => r.group),
    iamRoles,
    preferredRole: iamRoles[0] ?? null,
  };
}

/** Writes the decision into the event's V2/V3 response, leaving other claim changes untouched. */
export function applyEnrichment(
  event: PreTokenGenerationEvent,
  enrichment: Enrichment,
): PreTokenGenerationEvent {
  if (enrichment.kind === 'untouched') return event;
  const details = event.response?.claimsAndScopeOverrideDetails ?? {};
  if (enrichment.kind === 'denied') {
    return {
      ...event,
      response: {
        ...event.response,
        claimsAndScopeOverrideDetails: {
          ...details,
          groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [] },
        },
      },
    };
  }
  const claims: Record<string, ClaimValue> = {
    [TENANT_ID_CLAIM]: enrichment.tenantId,
    [ROLES_CLAIM]: enrichment.roles.map((r) => r.role),
  };
  const withClaims = (existing: TokenGeneration | undefined): TokenGeneration => ({
    ...existing,
    claimsToAddOrOverride: { ...existing?.claimsToAddOrOverride, ...claims },
  });
  return {
    ...event,
    response: {
      ...event.response,
      claimsAndScopeOverrideDetails: {
        ...details,
        idTokenGeneration: withClaims(details.idTokenGeneration),
        accessTokenGeneration: withClaims(details.accessTokenGeneration),
        groupOverrideDetails: {
          groupsToOverride: enrichment.groups,
          iamRolesToOverride: enrichment.iamRoles,
          ...(enrichment.preferredRole ? { preferredRole: enrichment.preferredRole } : {}),
        },
      },
    },
  };
}
