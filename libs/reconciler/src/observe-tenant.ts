import type { CognitoGateway } from '@idplane/cognito';
import type { UserPoolClientType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import {
  DesiredTenantResources,
  DesiredUserPool,
  ObservedAppClient,
  ObservedGroup,
  ObservedTenantResources,
  ObservedUserPool,
} from './desired-state';
import { TENANT_ID_TAG } from './compile-tenant';

export interface RememberedIds {
  userPoolId: string | null;
  appClientId: string | null;
}

function toObservedPool(pool: UserPoolType): ObservedUserPool {
  return {
    id: pool.Id!,
    name: pool.Name ?? '',
    tags: pool.UserPoolTags ?? {},
    customAttributes: (pool.SchemaAttributes ?? [])
      .map((a) => a.Name ?? '')
      .filter((name) => name.startsWith('custom:')),
  };
}

function toObservedClient(client: UserPoolClientType): ObservedAppClient {
  return {
    id: client.ClientId!,
    name: client.ClientName ?? '',
    explicitAuthFlows: client.ExplicitAuthFlows ?? [],
    supportedIdentityProviders: client.SupportedIdentityProviders ?? [],
    readAttributes: client.ReadAttributes ?? [],
    writeAttributes: client.WriteAttributes ?? [],
  };
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
): Promise<ObservedUserPool | null> {
  if (rememberedId) {
    const pool = await gateway.describeUserPool(rememberedId);
    if (pool && isPoolFor(pool, desired, tenantId)) return toObservedPool(pool);
  }
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
): Promise<ObservedAppClient | null> {
  if (rememberedId) {
    const client = await gateway.describeUserPoolClient(userPoolId, rememberedId);
    if (client?.ClientName === name) return toObservedClient(client);
  }
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
  const toObserved = (g: {
    GroupName?: string;
    Description?: string;
    Precedence?: number;
  }): ObservedGroup => ({
    name: g.GroupName ?? '',
    description: g.Description ?? '',
    precedence: g.Precedence ?? null,
  });
  if (desired.ownsUserPool) return (await gateway.listGroups(userPoolId)).map(toObserved);
  // In a shared pool, listing would page through every tenant's groups; a Get per group is cheaper.
  const groups = await Promise.all(desired.groups.map((g) => gateway.getGroup(userPoolId, g.name)));
  return groups.filter((g) => g !== null).map(toObserved);
}

/** Observes what Cognito has for a tenant, given the pool it lives in (or should live in). */
export async function observeTenant(
  gateway: CognitoGateway,
  desired: DesiredTenantResources,
  pool: ObservedUserPool | null,
  remembered: RememberedIds,
): Promise<ObservedTenantResources> {
  if (!pool) return { userPool: null, appClient: null, groups: [] };
  const [appClient, groups] = await Promise.all([
    findAppClient(gateway, pool.id, desired.appClient.name, remembered.appClientId),
    findGroups(gateway, pool.id, desired),
  ]);
  return { userPool: pool, appClient, groups };
}
