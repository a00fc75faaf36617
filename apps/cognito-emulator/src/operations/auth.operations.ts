import { createHmac, randomBytes } from 'node:crypto';
import { AwsError, invalidParameter } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import { issueTokens, verifyRefreshToken } from '../tokens/token-issuer';
import type { OperationContext, OperationTable } from './operation-context';
import { requireClient, requirePool } from './pool-lookup';
import { getOwn } from '../state/own-entry';

const notAuthorized = (message = 'Incorrect username or password.'): AwsError =>
  new AwsError('NotAuthorizedException', message);

function findClientPool(ctx: OperationContext, clientId: string): UserPoolRecord {
  for (const pool of Object.values(ctx.regionState.userPools))
    if (getOwn(pool.clients, clientId)) return pool;
  throw new AwsError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
}

function flowEnabled(client: JsonObject, allowed: string, legacy: string): boolean {
  const flows = (client.ExplicitAuthFlows as string[] | undefined) ?? [];
  return flows.includes(allowed) || flows.includes(legacy);
}

function checkSecretHash(client: JsonObject, username: string, secretHash: string | undefined): void {
  const secret = client.ClientSecret as string | undefined;
  if (!secret) return;
  if (!secretHash) {
    throw notAuthorized(
      `Client ${String(client.ClientId)} is configured with secret but SECRET_HASH was not received`,
    );
  }
  const expected = createHmac('sha256', secret)
    .update(`${username}${String(client.ClientId)}`)
    .digest('base64');
  if (expected !== secretHash)
    throw notAuthorized(`Unable to verify secret hash for client ${String(client.ClientId)}`);
}

function passwordAuth(
  ctx: OperationContext,
  pool: UserPoolRecord,
  client: JsonObject,
  parameters: Record<string, string>,
): JsonObject {
  const username = parameters.USERNAME;
  const password = parameters.PASSWORD;
  if (!username) throw invalidParameter('Missing required parameter USERNAME');
  if (!password) throw invalidParameter('Missing required parameter PASSWORD');
  checkSecretHash(client, username, parameters.SECRET_HASH);
  const user = getOwn(pool.users, username);
  if (!user || user.password === undefined || user.password !== password) throw notAuthorized();
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: randomBytes(32).toString('base64url'),
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify(
          Object.fromEntries(Object.entries(user.attributes).filter(([k]) => k !== 'sub')),
        ),
      },
    };
  }
  const tokens = issueTokens(pool, client, user, ctx.baseUrl, {
    authTime: Math.floor(ctx.now),
    withRefresh: true,
  });
  return { ChallengeParameters: {}, AuthenticationResult: tokens };
}

function refreshAuth(
  ctx: OperationContext,
  pool: UserPoolRecord,
  client: JsonObject,
  parameters: Record<string, string>,
): JsonObject {
  if (!flowEnabled(client, 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH')) {
    throw invalidParameter('Refresh Token auth flow not enabled for this client');
  }
  const claims = parameters.REFRESH_TOKEN ? verifyRefreshToken(pool, parameters.REFRESH_TOKEN) : undefined;
  if (!claims || claims.client_id !== client.ClientId) throw notAuthorized('Invalid Refresh Token');
  const user = getOwn(pool.users, String(claims.username));
  if (!user || !user.enabled) throw notAuthorized('Invalid Refresh Token');
  const tokens = issueTokens(pool, client, user, ctx.baseUrl, {
    authTime: Number(claims.auth_time),
    withRefresh: false,
  });
  return { ChallengeParameters: {}, AuthenticationResult: tokens };
}

export const AUTH_OPERATIONS: OperationTable = {
  InitiateAuth: (ctx, input) => {
    const clientId = String(input.ClientId);
    const pool = findClientPool(ctx, clientId);
    const client = requireClient(pool, clientId);
    const parameters = (input.AuthParameters as Record<string, string> | undefined) ?? {};
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH':
        if (!flowEnabled(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH')) {
          throw invalidParameter('USER_PASSWORD_AUTH flow not enabled for this client');
        }
        return passwordAuth(ctx, pool, client, parameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return refreshAuth(ctx, pool, client, parameters);
      default:
        throw invalidParameter(
          `The emulator does not support the ${String(input.AuthFlow)} flow on InitiateAuth.`,
        );
    }
  },
  AdminInitiateAuth: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    const client = requireClient(pool, input.ClientId);
    const parameters = (input.AuthParameters as Record<string, string> | undefined) ?? {};
    switch (input.AuthFlow) {
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        if (!flowEnabled(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH')) {
          throw invalidParameter('Auth flow not enabled for this client');
        }
        return passwordAuth(ctx, pool, client, parameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return refreshAuth(ctx, pool, client, parameters);
      default:
        throw invalidParameter(
          `The emulator does not support the ${String(input.AuthFlow)} flow on AdminInitiateAuth.`,
        );
    }
  },
};
