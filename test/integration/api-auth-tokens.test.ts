import 'reflect-metadata';
import { createPrivateKey, createSign } from 'node:crypto';
import {
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ensureLocalOperatorPool, issueLocalOperatorToken, localCognitoClient } from '@idplane/admin-auth';
import { CREATE_TENANT, graphql } from '../support/graphql-client';
import { startTestApi, TestApi } from '../support/test-api';
import { deleteRedisPrefix, testQueuePrefix } from '../support/test-redis';

const GROUPS = { platformAdmin: 'platform-admin', tenantAdmin: 'tenant-admin' };
const LIST = '{ tenants(first: 1) { edges { cursor } } }';

interface PoolSigningKey {
  kid: string;
  privateJwk: Record<string, unknown>;
}

const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** An RS256 JWT signed with a pool's own key, as the emulator (and Cognito) sign theirs. */
function signWithPoolKey(claims: Record<string, unknown>, key: PoolSigningKey): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ kid: key.kid, alg: 'RS256' })}.${encode(claims)}`;
  const privateKey = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

/**
 * Cognito never issues a token that is already expired, and the shortest validity it allows is 5 minutes. The
 * emulator's control API (GET /_emulator/state) exposes each pool's signing key, so a test can sign the claims it
 * needs with the very key the api trusts, which is what an expired token really is.
 */
async function poolSigningKey(emulatorUrl: string, userPoolId: string): Promise<PoolSigningKey> {
  const state = (await (await fetch(`${emulatorUrl}/_emulator/state`)).json()) as {
    regions: Record<string, { userPools: Record<string, { signingKey?: PoolSigningKey }> }>;
  };
  const key = state.regions['us-east-1'].userPools[userPoolId]?.signingKey;
  if (!key) throw new Error(`pool ${userPoolId} has not signed a token yet`);
  return key;
}

describe('api authentication: which Bearer tokens are refused', () => {
  let api: TestApi;
  let cognito: CognitoIdentityProviderClient;
  let userPoolId: string;
  let clientId: string;
  let token: string;
  const prefix = testQueuePrefix('auth-tokens');

  const outcome = async (bearer: string, query = LIST, variables: Record<string, unknown> = {}) => {
    const res = await graphql(api.url, query, variables, bearer);
    if (!res.errors) return 'OK';
    expect(res.data).toBeUndefined();
    return `${res.errors[0].extensions?.code}: ${res.errors[0].message}`;
  };
  const REFUSED = 'UNAUTHENTICATED: the Bearer token is invalid or expired';

  /** Tokens of the operator pool's platform admin, signed in through `viaClientId`. */
  const signIn = async (viaClientId: string) => {
    const password = 'Aa1!second-client-password';
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: 'platform-admin',
        Password: password,
        Permanent: true,
      }),
    );
    const auth = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: viaClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'platform-admin', PASSWORD: password },
      }),
    );
    return { id: auth.AuthenticationResult!.IdToken!, access: auth.AuthenticationResult!.AccessToken! };
  };

  beforeAll(async () => {
    api = await startTestApi('api_auth_tokens', { QUEUE_PREFIX: prefix });
    cognito = localCognitoClient('us-east-1', api.emulatorUrl);
    ({ OPERATOR_USER_POOL_ID: userPoolId, OPERATOR_CLIENT_IDS: clientId } = api.auth.env);
    token = await api.auth.tokenFor({ role: 'platform-admin' });
  });

  afterAll(async () => {
    cognito?.destroy();
    await api?.close();
    await deleteRedisPrefix(prefix);
  });

  it('accepts current tokens of the operator pool and client, id or access (the control)', async () => {
    expect(await outcome(token)).toBe('OK');
    expect(await outcome((await signIn(clientId)).access)).toBe('OK');
  });

  it('refuses an expired token, correctly signed by the operator pool', async () => {
    const key = await poolSigningKey(api.emulatorUrl, userPoolId);
    const now = Math.floor(Date.now() / 1000);
    const claims = claimsOf(token);
    // The same claims and key with a future expiry pass: the signature is right, only the expiry differs.
    const fresh = signWithPoolKey({ ...claims, iat: now - 60, exp: now + 3600 }, key);
    expect(await outcome(fresh)).toBe('OK');

    const expired = signWithPoolKey(
      { ...claims, auth_time: now - 7200, iat: now - 7200, exp: now - 3600 },
      key,
    );
    expect(await outcome(expired)).toBe(REFUSED);
    const create = await outcome(expired, CREATE_TENANT, {
      input: { slug: 'expired-token', displayName: 'E', isolationModel: 'SHARED_POOL' },
    });
    expect(create).toBe(REFUSED);
    const written = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM tenants`);
    expect(written[0].n).toBe(0);
  });

  it('refuses a token from another user pool, genuine or claiming the operator pool as issuer', async () => {
    const other = await ensureLocalOperatorPool(cognito, 'elsewhere', GROUPS);
    expect(other.userPoolId).not.toBe(userPoolId);
    const foreign = await issueLocalOperatorToken(cognito, other, GROUPS, { role: 'platform-admin' });
    expect(claimsOf(foreign)['cognito:groups']).toEqual(['platform-admin']);
    expect(await outcome(foreign)).toBe(REFUSED);

    // The other pool's key signing claims that name the operator pool: the operator pool's JWKS has no such key.
    const forged = signWithPoolKey(
      { ...claimsOf(foreign), iss: claimsOf(token).iss, aud: clientId },
      await poolSigningKey(api.emulatorUrl, other.userPoolId),
    );
    expect(await outcome(forged)).toBe(REFUSED);
  });

  it('refuses a token the operator pool issued to an app client not in OPERATOR_CLIENT_IDS', async () => {
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'some-other-app',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const otherClientId = created.UserPoolClient!.ClientId!;
    expect(otherClientId).not.toBe(clientId);
    const tokens = await signIn(otherClientId);
    expect(claimsOf(tokens.id)).toMatchObject({ aud: otherClientId, iss: claimsOf(token).iss });
    expect(claimsOf(tokens.access)).toMatchObject({ client_id: otherClientId });
    expect(await outcome(tokens.id)).toBe(REFUSED);
    expect(await outcome(tokens.access)).toBe(REFUSED);
  });
});
