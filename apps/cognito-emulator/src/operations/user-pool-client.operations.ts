import { newClientId, newClientSecret } from '../state/id-generator';
import type { JsonObject } from '../state/state-types';
import { validateClientSettings } from './client-settings.validator';
import type { OperationContext, OperationTable } from './operation-context';
import { paginate, sortedEntries } from './pagination';
import { enforceLimit, pageLimit, pick, requireClient, requirePool } from './pool-lookup';
import { setOwn } from '../state/own-entry';

const CLIENT_SETTINGS = [
  'RefreshTokenValidity',
  'AccessTokenValidity',
  'IdTokenValidity',
  'TokenValidityUnits',
  'ReadAttributes',
  'WriteAttributes',
  'ExplicitAuthFlows',
  'SupportedIdentityProviders',
  'CallbackURLs',
  'LogoutURLs',
  'DefaultRedirectURI',
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'AllowedOAuthFlowsUserPoolClient',
  'AnalyticsConfiguration',
  'PreventUserExistenceErrors',
  'EnableTokenRevocation',
  'EnablePropagateAdditionalUserContextData',
  'AuthSessionValidity',
  'RefreshTokenRotation',
] as const;

function clientDefaults(): JsonObject {
  return {
    RefreshTokenValidity: 30,
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH'],
    AllowedOAuthFlowsUserPoolClient: false,
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  };
}

function settingsFrom(input: JsonObject): JsonObject {
  const settings = { ...clientDefaults(), ...pick(input, CLIENT_SETTINGS) };
  const units = {
    ...(clientDefaults().TokenValidityUnits as JsonObject),
    ...((input.TokenValidityUnits as JsonObject) ?? {}),
  };
  return { ...settings, TokenValidityUnits: units };
}

function createClient(ctx: OperationContext, input: JsonObject): JsonObject {
  const pool = requirePool(ctx, input.UserPoolId);
  enforceLimit(Object.keys(pool.clients).length, ctx.limits.appClientsPerPool, 'app clients per user pool');
  const settings = settingsFrom(input);
  const secret = input.GenerateSecret === true;
  validateClientSettings(pool, settings, secret);
  const clientId = newClientId();
  const client: JsonObject = {
    UserPoolId: pool.id,
    ClientName: input.ClientName,
    ClientId: clientId,
    ...(secret ? { ClientSecret: newClientSecret() } : {}),
    LastModifiedDate: ctx.now,
    CreationDate: ctx.now,
    ...settings,
  };
  setOwn(pool.clients, clientId, client);
  return { UserPoolClient: { ...client } };
}

function updateClient(ctx: OperationContext, input: JsonObject): JsonObject {
  const pool = requirePool(ctx, input.UserPoolId);
  const existing = requireClient(pool, input.ClientId);
  const settings = settingsFrom(input);
  validateClientSettings(pool, settings, existing.ClientSecret !== undefined);
  const client: JsonObject = {
    UserPoolId: pool.id,
    ClientName: input.ClientName ?? existing.ClientName,
    ClientId: existing.ClientId,
    ...(existing.ClientSecret ? { ClientSecret: existing.ClientSecret } : {}),
    LastModifiedDate: ctx.now,
    CreationDate: existing.CreationDate,
    ...settings,
  };
  setOwn(pool.clients, String(existing.ClientId), client);
  return { UserPoolClient: { ...client } };
}

export const USER_POOL_CLIENT_OPERATIONS: OperationTable = {
  CreateUserPoolClient: createClient,
  UpdateUserPoolClient: updateClient,
  DescribeUserPoolClient: (ctx, input) => ({
    UserPoolClient: { ...requireClient(requirePool(ctx, input.UserPoolId), input.ClientId) },
  }),
  DeleteUserPoolClient: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    requireClient(pool, input.ClientId);
    const clientId = String(input.ClientId);
    delete pool.clients[clientId];
    delete pool.uiCustomizations[clientId];
    delete pool.riskConfigurations[clientId];
    return {};
  },
  ListUserPoolClients: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const page = paginate(
      sortedEntries(pool.clients),
      pageLimit(input.MaxResults, 60),
      input.NextToken as string | undefined,
      `ListUserPoolClients:${pool.id}`,
    );
    return {
      UserPoolClients: page.items.map((c) => ({
        ClientId: c.ClientId,
        UserPoolId: c.UserPoolId,
        ClientName: c.ClientName,
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
};
