import type { CognitoGateway } from '@idplane/cognito';
import type { GroupType, UserPoolClientType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import {
  DesiredTenantResources,
  DesiredUserPool,
  ObservedAppClient,
  ObservedGroup,
  ObservedTenantResources,
  ObservedUserPool,
  PoolSettings,
} from './desired-state';
import { TENANT_ID_TAG } from './compile-tenant';

export interface RememberedIds {
  userPoolId: string | null;
  appClientId: string | null;
}

// Pool settings idplane does not model but must not reset when it calls UpdateUserPool.
const UNMANAGED_POOL_SETTINGS = [
  'LambdaConfig',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'AccountRecoverySetting',
] as const;

function observedSettings(pool: UserPoolType): PoolSettings {
  const p = pool.Policies?.PasswordPolicy ?? {};
  return {
    passwordPolicy: {
      minimumLength: p.MinimumLength ?? 8,
      requireUppercase: p.RequireUppercase ?? false,
      requireLowercase: p.RequireLowercase ?? false,
      requireNumbers: p.RequireNumbers ?? false,
      requireSymbols: p.RequireSymbols ?? false,
      temporaryPasswordValidityDays: p.TemporaryPasswordValidityDays ?? 7,
    },
    mfa: pool.MfaConfiguration ?? 'OFF',
    threatProtection: pool.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF',
    tier: pool.UserPoolTier ?? 'ESSENTIALS',
    deletionProtection: pool.DeletionProtection === 'ACTIVE',
  };
}

export function toObservedPool(pool: UserPoolType): ObservedUserPool {
  const unmanaged: Record<string, unknown> = {};
  for (const key of UNMANAGED_POOL_SETTINGS) if (pool[key] !== undefined) unmanaged[key] = pool[key];
  return {
    id: pool.Id!,
    arn: pool.Arn ?? '',
    name: pool.Name ?? '',
    tags: pool.UserPoolTags ?? {},
    customAttributes: (pool.SchemaAttributes ?? [])
      .map((a) => a.Name ?? '')
      .filter((name) => name.startsWith('custom:')),
    settings: observedSettings(pool),
    domainPrefix: pool.Domain ?? null,
    unmanaged,
  };
}

export function toObservedClient(client: UserPoolClientType): ObservedAppClient {
  return {
    id: client.ClientId!,
    name: client.ClientName ?? '',
    explicitAuthFlows: client.ExplicitAuthFlows ?? [],
    supportedIdentityProviders: client.SupportedIdentityProviders ?? [],
    readAttributes: client.ReadAttributes ?? [],
    writeAttributes: client.WriteAttributes ?? [],
    callbackUrls: client.CallbackURLs ?? [],
    logoutUrls: client.LogoutURLs ?? [],
    oauthFlows: client.AllowedOAuthFlowsUserPoolClient ? (client.AllowedOAuthFlows ?? []) : [],
    oauthScopes: client.AllowedOAuthFlowsUserPoolClient ? (client.AllowedOAuthScopes ?? []) : [],
  };
}

export function toObservedGroup(g: GroupType): ObservedGroup {
  return { name: g.GroupName ?? '', description: g.Description ?? '', precedence: g.Precedence ?? null };
}

/** A pool is the one we want when its name matches and, for an owned pool, its tenant tag does too. */
function isPoolFor(pool: UserPoolType, desired: DesiredUserPool, tenantId: string | null): boolean {
  if (pool.Name !== desired.name) return false;
  return tenantId === null || pool.UserPoolTags?.[TENANT_ID_TAG] === tenantId;
}

/**
 * Finds a pool by remembered id first (one cheap call), then by deterministic name and tag, so a pool created by a
 * run that crashed before recording its id is adopted rather than duplicated.
 */
export async function findUserPool(
  gateway: CognitoGateway,
  desired: DesiredUserPool,
  rememberedId: string | null,
  tenantId: string | null,
  searchByName = true,
): Promise<ObservedUserPool | null> {
  if (rememberedId) {
    const pool = await gateway.describeUserPool(rememberedId);
    if (pool && isPoolFor(pool, desired, tenantId)) return toObservedPool(pool);
  }
  if (!searchByName) return null;
  const candidates = (await gateway.listUserPools()).filter(
    (p) => p.Name === desired.name && p.Id !== rememberedId,
  );
  for (const candidate of candidates) {
    const pool = await gateway.describeUserPool(candidate.Id!);
    if (pool && isPoolFor(pool, desired, tenantId)) return toObservedPool(pool);
  }
  return null;
}

async function findAppClient(
  gateway: CognitoGateway,
  userPoolId: string,
  name: string,
  rememberedId: string | null,
  searchByName: boolean,
): Promise<ObservedAppClient | null> {
  if (rememberedId) {
    const client = await gateway.describeUserPoolClient(userPoolId, rememberedId);
    if (client?.ClientName === name) return toObservedClient(client);
  }
  // Listing a shared pool's clients means paging through every tenant's: only worth it when one may exist.
  if (!searchByName) return null;
  const match = (await gateway.listUserPoolClients(userPoolId)).find((c) => c.ClientName === name);
  if (!match?.ClientId) return null;
  const client = await gateway.describeUserPoolClient(userPoolId, match.ClientId);
  return client ? toObservedClient(client) : null;
}

async function findGroups(
  gateway: CognitoGateway,
  userPoolId: string,
  desired: DesiredTenantResources,
): Promise<ObservedGroup[]> {
  if (desired.ownsUserPool) return (await gateway.listGroups(userPoolId)).map(toObservedGroup);
  // In a shared pool, listing would page through every tenant's groups; a Get per group is cheaper.
  const groups = await Promise.all(desired.groups.map((g) => gateway.getGroup(userPoolId, g.name)));
  return groups.filter((g) => g !== null).map(toObservedGroup);
}

/**
 * Observes what Cognito has for a tenant, given the pool it lives in (or should live in). `searchByName` false skips
 * the by-name searches of resources that no earlier run can have created (see TenantReconciler).
 */
export async function observeTenant(
  gateway: CognitoGateway,
  desired: DesiredTenantResources,
  pool: ObservedUserPool | null,
  remembered: RememberedIds,
  searchByName = true,
): Promise<ObservedTenantResources> {
  if (!pool) return { userPool: null, appClient: null, groups: [] };
  const [appClient, groups] = await Promise.all([
    findAppClient(gateway, pool.id, desired.appClient.name, remembered.appClientId, searchByName),
    searchByName ? findGroups(gateway, pool.id, desired) : Promise.resolve([]),
  ]);
  return { userPool: pool, appClient, groups };
}
