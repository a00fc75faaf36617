import { AwsError, invalidParameter } from '../protocol/aws-error';
import { newIdentityPoolId } from '../state/id-generator';
import type { IdentityPoolRecord, JsonObject } from '../state/state-types';
import type { OperationContext, OperationTable } from './operation-context';
import { paginate, sortedEntries } from './pagination';
import { pick } from './pool-lookup';
import { getOwn, setOwn } from '../state/own-entry';

const POOL_SETTINGS = [
  'IdentityPoolName',
  'AllowUnauthenticatedIdentities',
  'AllowClassicFlow',
  'SupportedLoginProviders',
  'DeveloperProviderName',
  'OpenIdConnectProviderARNs',
  'CognitoIdentityProviders',
  'SamlProviderARNs',
  'IdentityPoolTags',
] as const;

function requireIdentityPool(ctx: OperationContext, id: unknown): IdentityPoolRecord {
  const pool = getOwn(ctx.regionState.identityPools, String(id));
  if (!pool) throw new AwsError('ResourceNotFoundException', `IdentityPool '${String(id)}' not found.`);
  return pool;
}

function describe(pool: IdentityPoolRecord): JsonObject {
  return { ...pool.config };
}

/** Provider names a role mapping may be keyed by: `cognito-idp.<region>.amazonaws.com/<pool>:<client>`, login providers and ARNs. */
function configuredProviders(pool: IdentityPoolRecord): Set<string> {
  const names = new Set<string>();
  for (const provider of (pool.config.CognitoIdentityProviders as JsonObject[] | undefined) ?? []) {
    names.add(`${String(provider.ProviderName)}:${String(provider.ClientId)}`);
  }
  for (const key of Object.keys((pool.config.SupportedLoginProviders as JsonObject | undefined) ?? {}))
    names.add(key);
  for (const arn of (pool.config.OpenIdConnectProviderARNs as string[] | undefined) ?? []) names.add(arn);
  for (const arn of (pool.config.SamlProviderARNs as string[] | undefined) ?? []) names.add(arn);
  return names;
}

function checkRoleMappings(pool: IdentityPoolRecord, mappings: Record<string, JsonObject>): void {
  const known = configuredProviders(pool);
  for (const [provider, mapping] of Object.entries(mappings)) {
    if (!known.has(provider)) {
      throw invalidParameter(`Role mapping provider ${provider} is not configured on this identity pool.`);
    }
    if (!mapping.AmbiguousRoleResolution) {
      throw invalidParameter('AmbiguousRoleResolution must be set for Token and Rules role mappings.');
    }
    const rules =
      ((mapping.RulesConfiguration as JsonObject | undefined)?.Rules as JsonObject[] | undefined) ?? [];
    if (mapping.Type === 'Rules' && rules.length === 0) {
      throw invalidParameter('RulesConfiguration is required for Rules role mappings.');
    }
    if (mapping.Type === 'Token' && mapping.RulesConfiguration) {
      throw invalidParameter('RulesConfiguration is only allowed for Rules role mappings.');
    }
  }
}

function checkRoles(roles: Record<string, string>): void {
  for (const key of Object.keys(roles)) {
    if (key !== 'authenticated' && key !== 'unauthenticated') {
      throw invalidParameter(`Roles may only be keyed by authenticated or unauthenticated, not ${key}.`);
    }
  }
}

export const IDENTITY_POOL_OPERATIONS: OperationTable = {
  CreateIdentityPool: (ctx, input) => {
    if (Object.keys(ctx.regionState.identityPools).length >= ctx.limits.identityPoolsPerAccount) {
      throw new AwsError(
        'LimitExceededException',
        'The limit of identity pools per account has been reached.',
      );
    }
    const id = newIdentityPoolId(ctx.region);
    const pool: IdentityPoolRecord = {
      config: { IdentityPoolId: id, ...pick(input, POOL_SETTINGS) },
      roles: {},
    };
    setOwn(ctx.regionState.identityPools, id, pool);
    return describe(pool);
  },
  DescribeIdentityPool: (ctx, input) => describe(requireIdentityPool(ctx, input.IdentityPoolId)),
  UpdateIdentityPool: (ctx, input) => {
    const pool = requireIdentityPool(ctx, input.IdentityPoolId);
    pool.config = { IdentityPoolId: pool.config.IdentityPoolId, ...pick(input, POOL_SETTINGS) };
    return describe(pool);
  },
  DeleteIdentityPool: (ctx, input) => {
    requireIdentityPool(ctx, input.IdentityPoolId);
    delete ctx.regionState.identityPools[String(input.IdentityPoolId)];
    return {};
  },
  ListIdentityPools: (ctx, input) => {
    const page = paginate(
      sortedEntries(ctx.regionState.identityPools),
      input.MaxResults as number,
      input.NextToken as string | undefined,
      'ListIdentityPools',
    );
    return {
      IdentityPools: page.items.map((p) => ({
        IdentityPoolId: p.config.IdentityPoolId,
        IdentityPoolName: p.config.IdentityPoolName,
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
  SetIdentityPoolRoles: (ctx, input) => {
    const pool = requireIdentityPool(ctx, input.IdentityPoolId);
    const roles = input.Roles as Record<string, string>;
    checkRoles(roles);
    const mappings = (input.RoleMappings as Record<string, JsonObject> | undefined) ?? {};
    checkRoleMappings(pool, mappings);
    pool.roles = { ...roles };
    pool.roleMappings = input.RoleMappings ? { ...mappings } : undefined;
    return {};
  },
  GetIdentityPoolRoles: (ctx, input) => {
    const pool = requireIdentityPool(ctx, input.IdentityPoolId);
    return {
      IdentityPoolId: pool.config.IdentityPoolId,
      Roles: { ...pool.roles },
      ...(pool.roleMappings ? { RoleMappings: { ...pool.roleMappings } } : {}),
    };
  },
};
