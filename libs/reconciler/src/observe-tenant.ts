import type { CognitoGateway } from '@idplane/cognito';
import type {
  GroupType,
  IdentityProviderType,
  ResourceServerType,
  RiskConfigurationType,
  UserPoolClientType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DesiredRiskConfiguration,
  DesiredTenantResources,
  DesiredUserPool,
  ObservedAppClient,
  ObservedGroup,
  ObservedIdentityProvider,
  ObservedMachineClient,
  ObservedResourceServer,
  ObservedTenantResources,
  ObservedUserPool,
  PoolSettings,
} from './desired-state';
import { DEFAULT_ACCESS_TOKEN_MINUTES, TENANT_ID_TAG } from './compile-tenant';
import { withoutSecrets } from './identity-provider-details';
import type { ManagedResource } from './reconcile-sources';

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
  return {
    name: g.GroupName ?? '',
    description: g.Description ?? '',
    precedence: g.Precedence ?? null,
    roleArn: g.RoleArn ?? null,
  };
}

/** Secrets are dropped right here, so observed state, plans and logs can never hold one. */
export function toObservedIdentityProvider(
  idp: IdentityProviderType,
  appliedSecretFingerprint: string | null,
): ObservedIdentityProvider {
  return {
    name: idp.ProviderName ?? '',
    providerType: idp.ProviderType ?? '',
    providerDetails: withoutSecrets(idp.ProviderDetails ?? {}),
    attributeMapping: idp.AttributeMapping ?? {},
    idpIdentifiers: idp.IdpIdentifiers ?? [],
    appliedSecretFingerprint,
  };
}

/** The names of a kind that belong to the tenant: desired ones and the ones its inventory lists. */
function ownedNames(
  desired: string[],
  inventory: ManagedResource[],
  kind: ManagedResource['kind'],
): string[] {
  return [...new Set([...desired, ...inventory.filter((r) => r.kind === kind).map((r) => r.name)])];
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
  inventory: ManagedResource[],
): Promise<ObservedGroup[]> {
  const names = ownedNames(
    desired.groups.map((g) => g.name),
    inventory,
    'Group',
  );
  if (desired.ownsUserPool) {
    // One page usually holds an owned pool's groups; groups an operator added there are left out, never deleted.
    const wanted = new Set(names);
    return (await gateway.listGroups(userPoolId))
      .filter((g) => wanted.has(g.GroupName ?? ''))
      .map(toObservedGroup);
  }
  // In a shared pool, listing would page through every tenant's groups; a Get per group is cheaper.
  const groups = await Promise.all(names.map((name) => gateway.getGroup(userPoolId, name)));
  return groups.filter((g) => g !== null).map(toObservedGroup);
}

/** Cognito has no batch read of IdP details (ListIdentityProviders gives names only): one Describe per IdP. */
export async function findIdentityProviders(
  gateway: CognitoGateway,
  userPoolId: string,
  desired: DesiredTenantResources,
  inventory: ManagedResource[],
): Promise<ObservedIdentityProvider[]> {
  const names = ownedNames(
    desired.identityProviders.map((idp) => idp.name),
    inventory,
    'IdentityProvider',
  );
  const fingerprints = new Map(
    inventory.filter((r) => r.kind === 'IdentityProvider').map((r) => [r.name, r.secretFingerprint]),
  );
  const found = await Promise.all(names.map((name) => gateway.describeIdentityProvider(userPoolId, name)));
  return found
    .filter((idp) => idp !== null)
    .map((idp) => toObservedIdentityProvider(idp, fingerprints.get(idp.ProviderName ?? '') ?? null));
}

/** The groups and IdPs of the tenant, by name: desired ones and those of its inventory (see ManagedResourceInventory). */
export async function observeOwnedResources(
  gateway: CognitoGateway,
  userPoolId: string,
  desired: DesiredTenantResources,
  inventory: ManagedResource[],
): Promise<Pick<ObservedTenantResources, 'groups' | 'identityProviders'>> {
  const [groups, identityProviders] = await Promise.all([
    findGroups(gateway, userPoolId, desired, inventory),
    findIdentityProviders(gateway, userPoolId, desired, inventory),
  ]);
  return { groups, identityProviders };
}

export function toObservedResourceServer(server: ResourceServerType): ObservedResourceServer {
  return {
    identifier: server.Identifier ?? '',
    name: server.Name ?? '',
    scopes: (server.Scopes ?? []).map((s) => ({
      name: s.ScopeName ?? '',
      description: s.ScopeDescription ?? '',
    })),
  };
}

const MINUTES_PER_UNIT = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 } as const;

/** The secret Describe returns is looked at for presence only and dropped here: observed state never holds it. */
export function toObservedMachineClient(client: UserPoolClientType): ObservedMachineClient {
  const unit = client.TokenValidityUnits?.AccessToken ?? 'hours';
  return {
    id: client.ClientId!,
    name: client.ClientName ?? '',
    scopes: client.AllowedOAuthScopes ?? [],
    accessTokenValidityMinutes:
      client.AccessTokenValidity === undefined
        ? DEFAULT_ACCESS_TOKEN_MINUTES
        : Math.round(client.AccessTokenValidity * MINUTES_PER_UNIT[unit]),
    clientCredentials:
      client.AllowedOAuthFlowsUserPoolClient === true &&
      (client.AllowedOAuthFlows ?? []).includes('client_credentials') &&
      client.ClientSecret !== undefined,
  };
}

/** The client's own risk configuration; a pool-wide one (no ClientId) or an empty one is not the client's. */
export function toObservedRiskConfiguration(
  risk: RiskConfigurationType | null,
  clientId: string,
): DesiredRiskConfiguration | null {
  if (!risk || risk.ClientId !== clientId) return null;
  const compromised = risk.CompromisedCredentialsRiskConfiguration?.Actions?.EventAction;
  const ato = risk.AccountTakeoverRiskConfiguration?.Actions;
  if (!compromised && !ato) return null;
  const level = (a: { EventAction?: string } | undefined) =>
    (a?.EventAction ?? 'NO_ACTION') as DesiredRiskConfiguration['accountTakeover']['low'];
  return {
    compromisedCredentials: compromised === 'BLOCK' ? 'BLOCK' : 'NO_ACTION',
    accountTakeover: {
      low: level(ato?.LowAction),
      medium: level(ato?.MediumAction),
      high: level(ato?.HighAction),
    },
  };
}

/** Resource servers and machine clients of the tenant: desired ones and those of its inventory. */
export async function observeMachineAccess(
  gateway: CognitoGateway,
  userPoolId: string,
  desired: DesiredTenantResources,
  inventory: ManagedResource[],
): Promise<Pick<ObservedTenantResources, 'resourceServers' | 'machineClients'>> {
  const serverNames = ownedNames(
    desired.resourceServers.map((s) => s.identifier),
    inventory,
    'ResourceServer',
  );
  const servers = await Promise.all(serverNames.map((id) => gateway.describeResourceServer(userPoolId, id)));

  // A client is read by the id its inventory entry holds. Only an entry without a usable id (a Create whose run
  // crashed before recording it, or a client deleted behind idplane's back) costs a search of the pool's clients.
  const entries = inventory.filter((r) => r.kind === 'MachineClient');
  const clients: ObservedMachineClient[] = [];
  const unresolved: string[] = [];
  // A desired client without an entry was never created: the entry is written before its Create call.
  for (const entry of entries) {
    const client = entry.cognitoId ? await gateway.describeUserPoolClient(userPoolId, entry.cognitoId) : null;
    if (client && client.ClientName === entry.name) clients.push(toObservedMachineClient(client));
    else unresolved.push(entry.name);
  }
  if (unresolved.length > 0) {
    const listed = await gateway.listUserPoolClients(userPoolId);
    for (const name of unresolved) {
      const match = listed.find((c) => c.ClientName === name);
      const client = match?.ClientId
        ? await gateway.describeUserPoolClient(userPoolId, match.ClientId)
        : null;
      if (client) clients.push(toObservedMachineClient(client));
    }
  }
  return {
    resourceServers: servers.filter((s) => s !== null).map(toObservedResourceServer),
    machineClients: clients,
  };
}

/** Read only where it can exist: a pool with threat protection on, and a web client. */
export async function observeRiskConfiguration(
  gateway: CognitoGateway,
  pool: ObservedUserPool,
  appClient: ObservedAppClient | null,
): Promise<DesiredRiskConfiguration | null> {
  if (!appClient || pool.settings.threatProtection === 'OFF') return null;
  return toObservedRiskConfiguration(
    await gateway.describeRiskConfiguration(pool.id, appClient.id),
    appClient.id,
  );
}

export const NOTHING_OBSERVED: Omit<ObservedTenantResources, 'userPool'> = {
  appClient: null,
  groups: [],
  identityProviders: [],
  resourceServers: [],
  machineClients: [],
  riskConfiguration: null,
};

/**
 * Observes what Cognito has for a tenant, given the pool it lives in (or should live in) and the tenant's inventory.
 * `searchByName` false skips the by-name searches of resources that no earlier run can have created (see
 * TenantReconciler).
 */
export async function observeTenant(
  gateway: CognitoGateway,
  desired: DesiredTenantResources,
  pool: ObservedUserPool | null,
  remembered: RememberedIds,
  inventory: ManagedResource[],
  searchByName = true,
): Promise<ObservedTenantResources> {
  if (!pool) return { userPool: null, ...NOTHING_OBSERVED };
  const [appClient, owned, machineAccess] = await Promise.all([
    findAppClient(gateway, pool.id, desired.appClient.name, remembered.appClientId, searchByName),
    searchByName
      ? observeOwnedResources(gateway, pool.id, desired, inventory)
      : Promise.resolve({ groups: [], identityProviders: [] }),
    searchByName
      ? observeMachineAccess(gateway, pool.id, desired, inventory)
      : Promise.resolve({ resourceServers: [], machineClients: [] }),
  ]);
  const riskConfiguration = await observeRiskConfiguration(gateway, pool, appClient);
  return { userPool: pool, appClient, ...owned, ...machineAccess, riskConfiguration };
}
