import { createPublicKey, createVerify, randomUUID } from 'node:crypto';
import type { JsonObject, UserPoolRecord, UserRecord } from '../state/state-types';
import { decodeJwtClaims, signJwt } from './jwt-signer';
import { poolSigningKey } from './pool-signing-key';

export interface IssuedTokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function validitySeconds(client: JsonObject, field: string, unitKey: string, fallbackUnit: string): number {
  const units = (client.TokenValidityUnits as Record<string, string> | undefined) ?? {};
  return Number(client[field]) * UNIT_SECONDS[units[unitKey] ?? fallbackUnit];
}

export function poolIssuer(baseUrl: string, poolId: string): string {
  return `${baseUrl}/${poolId}`;
}

/** Mints Cognito-shaped id, access and refresh tokens for a signed-in user. */
export function issueTokens(
  pool: UserPoolRecord,
  client: JsonObject,
  user: UserRecord,
  baseUrl: string,
  options: { authTime: number; withRefresh: boolean },
): IssuedTokens {
  const key = poolSigningKey(pool);
  const now = Math.floor(Date.now() / 1000);
  const iss = poolIssuer(baseUrl, pool.id);
  const clientId = String(client.ClientId);
  const originJti = randomUUID();
  const eventId = randomUUID();
  const groups = user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {};
  const accessLifetime = validitySeconds(client, 'AccessTokenValidity', 'AccessToken', 'minutes');
  const idLifetime = validitySeconds(client, 'IdTokenValidity', 'IdToken', 'minutes');
  const attributes: JsonObject = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub') continue;
    attributes[name] = name.endsWith('_verified') ? value === 'true' : value;
  }
  const idToken = signJwt(
    {
      sub: user.sub,
      ...groups,
      ...attributes,
      iss,
      'cognito:username': user.username,
      origin_jti: originJti,
      aud: clientId,
      event_id: eventId,
      token_use: 'id',
      auth_time: options.authTime,
      exp: now + idLifetime,
      iat: now,
      jti: randomUUID(),
    },
    key,
  );
  const accessToken = signJwt(
    {
      sub: user.sub,
      ...groups,
      iss,
      client_id: clientId,
      origin_jti: originJti,
      event_id: eventId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: options.authTime,
      exp: now + accessLifetime,
      iat: now,
      jti: randomUUID(),
      username: user.username,
    },
    key,
  );
  const refreshLifetime = validitySeconds(client, 'RefreshTokenValidity', 'RefreshToken', 'days');
  const refreshToken = options.withRefresh
    ? signJwt(
        {
          sub: user.sub,
          iss,
          client_id: clientId,
          token_use: 'refresh',
          username: user.username,
          auth_time: options.authTime,
          exp: now + refreshLifetime,
          iat: now,
          jti: randomUUID(),
        },
        key,
      )
    : undefined;
  return {
    AccessToken: accessToken,
    IdToken: idToken,
    ...(refreshToken ? { RefreshToken: refreshToken } : {}),
    ExpiresIn: accessLifetime,
    TokenType: 'Bearer',
  };
}

/** Verifies a refresh token this pool issued and returns its claims, or undefined when it is not valid. */
export function verifyRefreshToken(pool: UserPoolRecord, token: string): JsonObject | undefined {
  const parts = token.split('.');
  const claims = decodeJwtClaims(token);
  if (parts.length !== 3 || !claims || claims.token_use !== 'refresh') return undefined;
  const key = poolSigningKey(pool);
  const publicKey = createPublicKey({ key: key.publicJwk, format: 'jwk' });
  const valid = createVerify('RSA-SHA256')
    .update(`${parts[0]}.${parts[1]}`)
    .verify(publicKey, Buffer.from(parts[2], 'base64url'));
  if (!valid || Number(claims.exp) < Date.now() / 1000) return undefined;
  return claims;
}
